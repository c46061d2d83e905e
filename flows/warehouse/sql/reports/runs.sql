-- Recent runs (started since $since; the latest 50 when not given), newest first.
-- One row = one run: its flow, status, duration, stage timings and what it counted.
-- @param since timestamp null only runs started at or after this time
select run_id, flow, status, started_at, finished_at,
       round(epoch(finished_at - started_at), 1) as duration_s,
       feeds_polled, feeds_not_modified, feeds_failed, items_seen, new_articles, duplicates,
       page_failures, mentions, alerts_sent, stage_seconds, error
from runs
where $since::timestamptz is null or started_at >= $since::timestamptz
order by started_at desc, run_id
limit 50
