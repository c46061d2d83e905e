-- Mart: one row per (claim, mention): the evidence behind each claim, with sentence, stance, source and link.
create or replace view claim_evidence as
select cm.claim_id, c.type, c.label, m.mention_id,
       coalesce(m.stance, case when m.action = 'planned' then 'planned' else 'asserted' end) as stance,
       m.action, m.source_name as source, m.source_kind, m.sentence, m.confidence,
       coalesce(a.published_at, a.fetched_at, m.extracted_at) as seen_at,
       a.title, a.url, outlet_of(a.url) as outlet, a.feed_name, a.duplicate_of is not null as syndicated
from claim_mentions cm
join claims c using (claim_id)
join mentions m using (mention_id)
left join articles a on a.article_id = m.article_id
