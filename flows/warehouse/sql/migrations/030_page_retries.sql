-- Pages whose fetch failed transiently (timeout, reset, truncated body, DNS or connect failure, 5xx,
-- 429): retried in later runs with exponential backoff until `attempts` reaches the run's limit
-- (SANCTIONS_MONITOR_PAGE_ATTEMPTS); then the page gets a `failed` article row and its row here is
-- kept as the record of the tries. A page stored later (status ok/skipped/failed) leaves this table.
-- Numbered 030 (reliability), after the alerts range: migrations never run out of order.

create table page_retries (
    url             varchar primary key,       -- canonical item URL (articles.url once stored)
    feed_name       varchar,
    attempts        integer not null,          -- failed attempts so far
    last_error      varchar not null,          -- the transport's tag: timeout, protocol_error, http_503 ...
    last_detail     varchar,
    first_failed_at timestamptz not null,
    last_failed_at  timestamptz not null,
    next_attempt_at timestamptz not null,      -- not fetched again before this time
    gave_up         boolean not null default false
);
