-- Staging: one row per (sanction mention, target): who sanctions whom, with which measure,
-- imposed/planned/lifted. A mention naming no target gives one row with a null target.
create or replace view sanctions as
with targets as (
    select m.*, unnest(case when len(m.targets) > 0 then m.targets
                            else [null::struct(name varchar, country varchar, kind varchar)] end) as t
    from mentions m
    where m.type = 'sanction'
)
select s.mention_id, s.article_id,
       s.authority_name as authority, s.authority_country,
       s.t.name as target, s.t.country as target_country, s.t.kind as target_kind,
       s.measure, s.action, s.programme,
       s.source_name as source, s.sentence, s.confidence, s.extractor_version,
       coalesce(a.published_at, a.fetched_at) as seen_at, a.title, a.url, outlet_of(a.url) as outlet,
       a.duplicate_of is not null as syndicated,
       s.authority_kind, s.stance, s.source_kind, s.start_offset, s.extracted_at, a.feed_name
from targets s
left join articles a using (article_id)
