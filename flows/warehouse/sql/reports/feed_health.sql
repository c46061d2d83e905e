-- Per feed health over the last $hours hours: last success, failures in a row, 304 rate, items per day.
-- One row = one configured feed; failures_in_a_row counts failed polls since its last good poll (all time);
-- backed_off_until: a feed that failed too often in a row is not polled before then (null: polled every run).
-- @param hours integer 168 window in hours for the rates and the items per day
with window_start as (
    select now() - to_hours($hours::integer) as t
),
polls as (
    select source as feed, outcome, error, detail, items, fetched_at
    from fetch_log
    where kind = 'feed'
),
last_good as (
    select feed, max(fetched_at) as t from polls where outcome <> 'failed' group by feed
),
streak as (
    select p.feed, count(*) as failures_in_a_row
    from polls p left join last_good g using (feed)
    where p.outcome = 'failed' and (g.t is null or p.fetched_at > g.t)
    group by p.feed
),
recent as (
    select p.feed, count(*) as polls,
           count(*) filter (where p.outcome = 'not_modified') as not_modified,
           count(*) filter (where p.outcome = 'failed') as failed,
           avg(p.items) filter (where p.outcome = 'ok') as avg_items,
           arg_max(p.error, p.fetched_at) filter (where p.outcome = 'failed') as last_error,
           arg_max(p.detail, p.fetched_at) filter (where p.outcome = 'failed') as last_error_detail
    from polls p, window_start w
    where p.fetched_at >= w.t
    group by p.feed
),
new_articles as (
    select a.feed_name as feed, count(*) as articles
    from articles a, window_start w
    where a.fetched_at >= w.t
    group by a.feed_name
)
select f.name as feed, f.kind, f.last_status, f.last_success_at, f.last_polled_at,
       coalesce(s.failures_in_a_row, 0) as failures_in_a_row,
       case when f.next_poll_at > now() then f.next_poll_at end as backed_off_until,
       coalesce(r.polls, 0) as polls, coalesce(r.failed, 0) as failed,
       round(r.not_modified / nullif(r.polls, 0), 3) as not_modified_rate,
       round(r.avg_items, 1) as avg_items_per_poll,
       round(coalesce(n.articles, 0) / ($hours::integer / 24.0), 2) as new_articles_per_day,
       r.last_error, r.last_error_detail, f.url
from feeds f
left join streak s on s.feed = f.name
left join recent r on r.feed = f.name
left join new_articles n on n.feed = f.name
order by failures_in_a_row desc, f.name
