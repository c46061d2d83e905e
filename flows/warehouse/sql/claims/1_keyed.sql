-- One row per (claim, mention): every mention keyed into the claim it supports.
-- Sanctions give one row per target, violations one per resolution. No parameters.
create or replace temp table claim_keyed as
with art as (
    select a.article_id, a.url, a.duplicate_of is null as independent, outlet_of(a.url) as outlet,
           coalesce(a.published_at, a.fetched_at) as seen_at, coalesce(f.kind = 'official', false) as official_feed
    from articles a
    left join feeds f on f.name = a.feed_name
),
base as (
    select m.*, art.url, coalesce(art.independent, true) as independent, art.outlet,
           coalesce(art.seen_at, m.extracted_at) as seen_at,
           coalesce(m.stance, case when m.action = 'planned' then 'planned' else 'asserted' end) as eff_stance,
           coalesce(art.official_feed, false)
               or m.source_kind = 'state'
               or exists (select 1 from official_cues c where contains(lower(m.source_name), c.cue)) as official
    from mentions m
    left join art using (article_id)
),
transfers as (
    select *, party_key(supplier_name, supplier_country, supplier_kind) as k1,
           party_key(recipient_name, recipient_country, recipient_kind) as k2,
           coalesce(weapon_category, '?') as k3,
           null::struct(name varchar, country varchar, kind varchar) as target, null::varchar as resolution
    from base where type = 'arms_transfer'
),
sanction_targets as (
    select *, unnest(case when len(targets) > 0 then targets
                          else [null::struct(name varchar, country varchar, kind varchar)] end) as target
    from base where type = 'sanction'
),
sanctions as (
    select *, party_key(authority_name, authority_country, authority_kind) as k1,
           party_key(target.name, target.country, target.kind) as k2, coalesce(measure, 'other') as k3,
           null::varchar as resolution
    from sanction_targets
),
violation_resolutions as (
    select *, unnest(case when len(resolutions) > 0 then resolutions else [null::varchar] end) as resolution
    from base where type = 'un_violation'
),
violations as (
    select *, party_key(violator_name, violator_country, violator_kind) as k1, coalesce(resolution, '?') as k2,
           null::varchar as k3, null::struct(name varchar, country varchar, kind varchar) as target
    from violation_resolutions
),
keyed as (
    select * from transfers
    union all by name select * from sanctions
    union all by name select * from violations
)
select left(sha256(concat_ws(chr(0), type, k1, k2, k3)), 16) as claim_id, *
from keyed
