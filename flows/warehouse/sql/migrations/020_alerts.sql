-- One row per (alert, destination): an alert is delivered at most once to each destination.

create table alerts (
    alert_id     varchar not null,      -- stable: hash(claim_id, event); sent along as the idempotency key
    destination  varchar not null,      -- destination name from the alert configuration
    claim_id     varchar,
    event        varchar not null,      -- new_claim | first_denial | first_official_confirmation | sanction_imposed
    kind         varchar,               -- arms_transfer | sanction | un_violation
    title        varchar not null,
    body         varchar not null,
    payload      json not null,
    status       varchar not null,      -- pending | sending | sent | failed | filtered | unknown | folded
    attempts     integer not null default 0,
    last_error   varchar,
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    sent_at      timestamptz,
    primary key (alert_id, destination)
);
