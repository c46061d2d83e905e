-- Digest chart: findings per day and kind over the 14 days ending $until (syndicated copies left out).
-- One row = one (day, type). Parameter: $until (timestamptz, end of the digest window).
with seen as (
    select m.type, date_trunc('day', coalesce(a.published_at, a.fetched_at, m.extracted_at)) as day
    from mentions m
    left join articles a using (article_id)
    where a.duplicate_of is null
)
select day::date as day, type, count(*) as findings
from seen
where day > $until::timestamptz - interval 14 days and day <= $until::timestamptz
group by all
order by day, type
