-- Staging: one row per (violation mention, resolution): who is said to breach which UNSC resolution.
-- A mention naming no resolution gives one row with a null resolution.
create or replace view un_violations as
with resolutions as (
    select m.*, unnest(case when len(m.resolutions) > 0 then m.resolutions else [null::varchar] end) as resolution
    from mentions m
    where m.type = 'un_violation'
)
select r.mention_id, r.article_id, r.stance,
       r.violator_name as violator, r.violator_country, r.violator_kind,
       r.resolution, r.regime,
       r.source_name as source, r.sentence, r.confidence, r.extractor_version,
       coalesce(a.published_at, a.fetched_at) as seen_at, a.title, a.url, outlet_of(a.url) as outlet,
       a.duplicate_of is not null as syndicated,
       r.source_kind, r.start_offset, r.extracted_at, a.feed_name
from resolutions r
left join articles a using (article_id)
