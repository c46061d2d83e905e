-- One row per (claim, mention): every finding keyed into the claim it supports. Reads the staging
-- views (one per finding type; sanctions are already one row per target, violations one per
-- resolution), never the raw mentions. No parameters.
-- claim_hash is THE id of a claim (type, key1, key2[, key3]) and of a claim event (claim_id, event):
-- a short hash of the parts joined by NUL, as extractors.records.short_hash computes it.
create or replace temp macro claim_hash(a, b, c, d) as left(sha256(concat_ws(chr(0), a, b, c, d)), 16);
create or replace temp table claim_keyed as
with transfers as (
    select 'arms_transfer' as type, mention_id, article_id, stance, null::varchar as action,
           supplier as supplier_name, supplier_country, supplier_kind,
           recipient as recipient_name, recipient_country, recipient_kind, weapon_category, weapons,
           party_key(supplier, supplier_country, supplier_kind) as k1,
           party_key(recipient, recipient_country, recipient_kind) as k2,
           coalesce(weapon_category, '?') as k3,
           source, source_kind, start_offset, confidence, extracted_at, seen_at, url, outlet, syndicated, feed_name
    from arms_transfers
),
sanctions_keyed as (
    select 'sanction' as type, mention_id, article_id, stance, action,
           authority as authority_name, authority_country,
           struct_pack(name := target, country := target_country, kind := target_kind) as target,
           measure, programme,
           party_key(authority, authority_country, authority_kind) as k1,
           party_key(target, target_country, target_kind) as k2,
           coalesce(measure, 'other') as k3,
           source, source_kind, start_offset, confidence, extracted_at, seen_at, url, outlet, syndicated, feed_name
    from sanctions
),
violations as (
    select 'un_violation' as type, mention_id, article_id, stance, null::varchar as action,
           violator as violator_name, violator_country, resolution, regime,
           party_key(violator, violator_country, violator_kind) as k1,
           coalesce(resolution, '?') as k2, null::varchar as k3,
           source, source_kind, start_offset, confidence, extracted_at, seen_at, url, outlet, syndicated, feed_name
    from un_violations
),
keyed as (
    select * from transfers
    union all by name select * from sanctions_keyed
    union all by name select * from violations
)
select claim_hash(k.type, k.k1, k.k2, k.k3) as claim_id,
       k.* exclude (source, seen_at, syndicated, feed_name),
       k.source as source_name, not k.syndicated as independent,
       coalesce(k.seen_at, k.extracted_at) as seen_at,
       coalesce(k.stance, case when k.action = 'planned' then 'planned' else 'asserted' end) as eff_stance,
       coalesce(f.kind = 'official', false)
           or k.source_kind = 'state'
           or exists (select 1 from official_cues c where contains(lower(k.source), c.cue)) as official,
       case when f.kind = 'official' then f.name end as official_feed  -- 2_aggregate: names an official site's finding
from keyed k
left join feeds f on f.name = k.feed_name
