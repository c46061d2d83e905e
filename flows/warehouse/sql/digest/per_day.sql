-- Digest chart: findings per day and kind over the 14 days ending at the latest day with findings
-- (at most $until); syndicated copies left out. One row = one (day, type). Parameter: $until (timestamptz).
with seen as (
    select m.type, date_trunc('day', coalesce(a.published_at, a.fetched_at, m.extracted_at)) as day
    from mentions m
    left join articles a using (article_id)
    where a.duplicate_of is null and coalesce(a.published_at, a.fetched_at, m.extracted_at) <= $until::timestamptz
),
latest as (
    select max(day) as last_day from seen
)
select day::date as day, type, count(*) as findings
from seen, latest
where day > last_day - interval 14 days
group by all
order by day, type
