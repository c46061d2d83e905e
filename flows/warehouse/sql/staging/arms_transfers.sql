-- Staging: one row per arms-transfer mention: who supplies what to whom, the stance, who says so and where.
create or replace view arms_transfers as
select m.mention_id, m.article_id, m.stance,
       m.supplier_name as supplier, m.supplier_country, m.supplier_kind,
       m.recipient_name as recipient, m.recipient_country, m.recipient_kind,
       m.weapon_category, m.weapons, m.quantity,
       m.source_name as source, m.source_kind,
       m.sentence, m.confidence, m.extractor_version,
       coalesce(a.published_at, a.fetched_at) as seen_at, a.title, a.url, outlet_of(a.url) as outlet,
       a.duplicate_of is not null as syndicated,
       m.start_offset, m.extracted_at, a.feed_name
from mentions m
left join articles a using (article_id)
where m.type = 'arms_transfer'
