-- Official sanctions lists (flows/lists): sources, versions with their entities, changes between
-- versions, and the reconciliation of news parties with the listed entities. Raw files go to
-- raw_pages (gzip, keyed by sha256) before parsing; every download attempt to fetch_log (kind 'list').

create table list_sources (
    list_name       varchar primary key,       -- name in lists.toml
    title           varchar,
    authority       varchar not null,          -- ISO3, or UN / EU
    authority_name  varchar,                   -- the issuing body as the news names it
    format          varchar not null,          -- un_xml | ofac_csv | ofac_xml | eu_xml | uk_csv
    url             varchar not null,
    current_version varchar,                   -- list_versions.version_id the list stands at
    last_checked_at timestamptz,
    last_status     varchar,                   -- baseline | new_version | unchanged | not_modified | failed
    last_error      varchar                    -- why the last refresh failed (the current version stays)
);

create table list_parts (                      -- conditional-GET state of each file of a list
    list_name     varchar not null,
    part          varchar not null,            -- primary | add | alt | comments
    url           varchar not null,
    etag          varchar,
    last_modified varchar,
    content_hash  varchar,                     -- raw_pages key of the body the current version was read from
    primary key (list_name, part)
);

create table list_versions (
    version_id   varchar primary key,          -- short_hash(list name, content hash of every part)
    list_name    varchar not null,
    published    varchar,                      -- the publisher's date or number, when the file has one
    fetched_at   timestamptz not null,
    entities     integer not null,
    rows         integer not null,             -- records read (names, addresses, ...)
    raw_hashes   varchar[] not null,
    warnings     varchar[] not null,
    run_id       varchar
);

create table list_entities (                   -- every entity of every stored version
    version_id   varchar not null,
    list_name    varchar not null,
    entity_id    varchar not null,             -- the list's own id
    schema       varchar not null,             -- person | organisation | vessel | aircraft
    name         varchar not null,
    aliases      varchar[] not null,
    weak_aliases varchar[] not null,
    birth_dates  varchar[] not null,
    countries    varchar[] not null,           -- ISO3
    identifiers  struct(kind varchar, value varchar, country varchar)[] not null,
    programmes   varchar[] not null,
    listed_on    varchar,                      -- ISO date when the list says
    reference    varchar,
    primary key (version_id, entity_id)
);

create table list_changes (                    -- one row per entity added, removed or changed
    change_id    varchar primary key,          -- short_hash(list, new version, entity, change)
    list_name    varchar not null,
    authority    varchar not null,
    old_version  varchar not null,
    new_version  varchar not null,
    entity_id    varchar not null,
    change       varchar not null,             -- added | removed | changed
    fields       varchar[] not null,           -- for changed: name, aliases, programmes, ...
    name         varchar not null,
    schema       varchar not null,
    programmes   varchar[] not null,
    countries    varchar[] not null,
    detected_at  timestamptz not null,
    run_id       varchar
);

create table list_reconciliation (             -- rebuilt after each lists refresh and each claims refresh
    claim_id       varchar not null,
    role           varchar not null,           -- target | supplier | recipient
    party_name     varchar not null,
    party_country  varchar,
    party_kind     varchar,
    status         varchar not null,           -- listed | listed_later | not_listed
    list_name      varchar,
    entity_id      varchar,
    listed_name    varchar,                    -- the entity's primary name
    matched_name   varchar,                    -- the name or alias that matched
    score          double,
    listed_since   date,                       -- the list's listing date, or the version that added it
    first_reported timestamptz not null,       -- the claim's first_seen (news)
    lag_days       integer,                    -- listed_since - first_reported (positive: the news came first)
    reconciled_at  timestamptz not null
);

-- A designation read from an official list is an official source for its claim (flows/lists gives
-- its mentions the source "<list title> (official sanctions list)").
insert into official_cues values ('official sanctions list', 'a designation read from an official list (flows/lists)');
