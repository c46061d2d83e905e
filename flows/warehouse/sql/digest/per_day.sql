-- Digest chart: findings per day and kind within the digest's window [$since, $until], by the day their
-- article was fetched (found), syndicated copies left out. One row = one (day, type).
-- Parameters: $since, $until (timestamptz, the digest's window).
select date_trunc('day', coalesce(a.fetched_at, m.extracted_at))::date as day, m.type, count(*) as findings
from mentions m
left join articles a using (article_id)
where a.duplicate_of is null
  and coalesce(a.fetched_at, m.extracted_at) between $since::timestamptz and $until::timestamptz
group by all
order by day, type
