-- Sources, every fetch attempt, raw pages, cleaned articles and runs.

create table feeds (
    name            varchar primary key,
    url             varchar not null,
    kind            varchar not null,          -- news | official
    language        varchar,
    etag            varchar,                   -- conditional GET state
    last_modified   varchar,
    last_polled_at  timestamptz,
    last_success_at timestamptz,
    last_status     varchar                    -- ok | not_modified | malformed | failed
);

create sequence fetch_log_seq;
create table fetch_log (
    id          bigint primary key default nextval('fetch_log_seq'),
    run_id      varchar,
    kind        varchar not null,              -- feed | page | robots
    source      varchar,                       -- feed name (for pages: the feed that listed it)
    url         varchar not null,
    final_url   varchar,
    status_code integer,                       -- HTTP status, null when no response
    outcome     varchar not null,              -- ok | not_modified | malformed | failed | skipped
    error       varchar,                       -- short tag: timeout, http_500, too_large, robots, ...
    detail      varchar,                       -- human-readable message
    bytes       bigint,
    elapsed_ms  double,
    items       integer,                       -- feed polls: entries parsed
    fetched_at  timestamptz not null
);

create table raw_pages (
    content_hash varchar primary key,          -- sha256 of the raw body
    url          varchar not null,
    content_type varchar,
    encoding     varchar,
    body         blob not null,                -- compressed raw body, saved before parsing
    compression  varchar not null,             -- gzip (stdlib) for now
    bytes        bigint not null,
    fetched_at   timestamptz not null
);

create table articles (
    article_id    varchar primary key,         -- short hash of the canonical URL
    url           varchar not null unique,
    feed_name     varchar,
    title         varchar,
    author        varchar,
    published_at  timestamptz,
    language      varchar,
    canonical_url varchar,
    text          varchar,
    text_hash     varchar,
    simhash       ubigint,
    duplicate_of  varchar,                     -- article_id of the first copy (syndication)
    content_hash  varchar,                     -- raw_pages key
    status        varchar not null,            -- ok | skipped | failed
    skip_reason   varchar,                     -- not_english, empty, too_large, binary, ...
    extracted_with varchar,                    -- extractor versions that produced its mentions
    extracted_at  timestamptz,
    fetched_at    timestamptz not null,
    updated_at    timestamptz not null
);

create table runs (
    run_id         varchar primary key,
    flow           varchar not null,
    started_at     timestamptz not null,
    finished_at    timestamptz,
    status         varchar not null,           -- running | completed | failed | abandoned
    feeds_polled   integer default 0,
    feeds_not_modified integer default 0,
    feeds_failed   integer default 0,
    items_seen     integer default 0,
    new_articles   integer default 0,
    duplicates     integer default 0,
    page_failures  integer default 0,
    mentions       integer default 0,
    alerts_sent    integer default 0,
    error          varchar,
    stage_seconds  json                        -- {"poll": 1.2, "fetch": 3.4, ...}
);
