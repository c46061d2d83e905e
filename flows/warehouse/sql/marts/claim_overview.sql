-- Mart: one row per claim (after the latest refresh): what it says, its state and how well it is supported.
-- actor / counterpart / what: the generic projection of intermediate/findings.sql, applied to a claim's roles.
create or replace view claim_overview as
select claim_id, type, label, status,
       coalesce(supplier_name, authority_name, violator_name) as actor,
       coalesce(recipient_name, target_name) as counterpart,
       coalesce(weapon_category, measure, resolution) as what,
       n_outlets, outlets, n_asserted, n_denied, n_planned, has_official_confirmation,
       asserting_sources, denying_sources, official_sources,
       first_seen, last_seen, detected_at, n_mentions, n_articles, max_confidence, countries,
       (select string_agg(distinct r.status || ': ' || r.list_name, '; ') from list_reconciliation r
        where r.claim_id = claims.claim_id and r.status <> 'not_listed') as listing  -- flows/lists
from claims
