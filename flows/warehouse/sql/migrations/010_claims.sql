-- Claims: mentions grouped across articles by key (DESIGN.md), rebuilt by flows/claims.refresh_claims.
-- claim_events keeps every change of state ever detected (one row per claim and event, never twice):
-- alerts read it, so a rebuilt claims table never fires the same alert again.

-- The identity of a party inside a claim key: the ISO3 code for a state (or a party of unknown kind),
-- else the normalised name ("the Wagner Group!" -> "wagner group"), else the bare country, else '?'.
create macro party_key(name, country, kind) as coalesce(
    case when country is not null and coalesce(kind, 'state') = 'state' then upper(country) end,
    nullif(trim(regexp_replace(regexp_replace(lower(name), '^\s*the\s+', ''), '[^\p{L}\p{N}]+', ' ', 'g')), ''),
    upper(country),
    '?'
);

-- The outlet of an article: its host without "www.".
create macro outlet_of(url) as nullif(lower(regexp_extract(url, '^[a-zA-Z][a-zA-Z0-9+.-]*://(?:www\.)?([^/:?#@]+)', 1)), '');

-- Words in a source's name that mark it as speaking for a state or an authority (data, not code).
create table official_cues (
    cue  varchar primary key,                 -- lower-case substring of source_name
    note varchar
);
insert into official_cues values
    ('ministry', 'ministry of defence, foreign ministry'), ('minister', 'a minister speaking'),
    ('department', 'state department, department of the treasury'), ('treasury', 'treasury, OFAC'),
    ('government', 'a government statement'), ('foreign office', 'UK foreign office'),
    ('kremlin', 'Russian presidency'), ('white house', 'US presidency'), ('pentagon', 'US defence'),
    ('spokes', 'spokesman, spokeswoman, spokesperson'), ('president', 'a head of state'),
    ('embassy', 'a diplomatic mission'), ('ambassador', 'a diplomat'), ('security council', 'UNSC'),
    ('panel of experts', 'UN sanctions committee panel'), ('european commission', 'EU executive'),
    ('council of the european union', 'EU council'), ('ofac', 'US sanctions office'),
    ('secretary', 'secretary of state, defence secretary'), ('armed forces', 'a military command');

create table claims (
    claim_id          varchar primary key,   -- short_hash(type, key1, key2[, key3]) as in extractors.records
    type              varchar not null,      -- arms_transfer | sanction | un_violation
    label             varchar not null,      -- one line for people: "North Korea -> Russia: missiles"
    status            varchar not null,      -- transfers/violations: asserted | denied | disputed | planned;
                                             -- sanctions: the latest action (imposed | planned | lifted)
    -- arms_transfer key: supplier, recipient, weapon category
    supplier_key varchar, supplier_name varchar, supplier_country varchar,
    recipient_key varchar, recipient_name varchar, recipient_country varchar,
    weapon_category varchar, weapons varchar[],
    -- sanction key: authority, target (one claim per target), measure
    authority_key varchar, authority_name varchar, authority_country varchar,
    target_key varchar, target_name varchar, target_country varchar, target_kind varchar,
    measure varchar, programmes varchar[],
    latest_action     varchar,               -- imposed | planned | lifted (latest mention that says)
    latest_action_at  timestamptz,
    first_planned_at  timestamptz,           -- state for "a sanction imposed that was planned"
    first_imposed_at  timestamptz,
    last_imposed_at   timestamptz,
    -- un_violation key: violator, resolution (one claim per resolution)
    violator_key varchar, violator_name varchar, violator_country varchar,
    resolution varchar, regimes varchar[],
    -- when (article published_at, falling back to fetched_at)
    first_seen        timestamptz not null,
    last_seen         timestamptz not null,
    detected_at       timestamptz not null,  -- when this warehouse first held the claim
    refreshed_at      timestamptz not null,
    -- how well supported (outlets and stance counts exclude syndicated copies: articles.duplicate_of)
    n_mentions        integer not null,      -- all mentions, copies included
    n_articles        integer not null,
    outlets           varchar[] not null,    -- distinct hosts of independent articles
    n_outlets         integer not null,
    n_asserted        integer not null,
    n_denied          integer not null,
    n_planned         integer not null,
    asserting_sources varchar[] not null,
    denying_sources   varchar[] not null,
    official_sources  varchar[] not null,
    has_official_confirmation boolean not null, -- an official source (or official feed) did not deny it
    max_confidence    double not null,
    countries         varchar[] not null,    -- every ISO3 code of the claim's parties (alert filters)
    -- evidence
    mention_ids       varchar[] not null,
    article_urls      varchar[] not null
);

create table claim_mentions (
    claim_id   varchar not null,
    mention_id varchar not null,
    primary key (claim_id, mention_id)
);

create table claim_events (
    event_id    varchar primary key,         -- short_hash(claim_id, event): the alert's stable id
    claim_id    varchar not null,
    event       varchar not null,            -- new_claim | first_denial | first_official_confirmation
                                             -- | sanction_imposed (a planned sanction now imposed)
    type        varchar not null,
    label       varchar not null,
    detected_at timestamptz not null,
    run_id      varchar,
    unique (claim_id, event)
);
