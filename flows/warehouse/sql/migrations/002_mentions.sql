-- Findings: one row per sentence-level mention (the mention contract, flattened).

create table mentions (
    mention_id        varchar primary key,     -- hash(article_id, type, span, extractor_version)
    article_id        varchar not null,
    type              varchar not null,        -- arms_transfer | sanction | un_violation
    stance            varchar,                 -- asserted | denied | planned
    supplier_name     varchar, supplier_country  varchar, supplier_kind  varchar,
    recipient_name    varchar, recipient_country varchar, recipient_kind varchar,
    weapons           varchar[],
    weapon_category   varchar,
    quantity          bigint,
    source_name       varchar, source_country    varchar, source_kind    varchar,
    authority_name    varchar, authority_country varchar, authority_kind varchar,
    targets           struct(name varchar, country varchar, kind varchar)[],
    measure           varchar,
    action            varchar,
    programme         varchar,
    violator_name     varchar, violator_country  varchar, violator_kind  varchar,
    resolutions       varchar[],
    regime            varchar,
    sentence          varchar not null,
    start_offset      integer not null,        -- offsets into articles.text
    end_offset        integer not null,
    confidence        double not null,
    extractor_version varchar not null,
    extracted_at      timestamptz not null
);
create index mentions_article on mentions(article_id);
