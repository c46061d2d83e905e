-- Mart: one row per stored article: where it came from and how many findings of each type it holds.
create or replace view article_findings as
with counts as (
    select article_id,
           count(*) filter (where type = 'arms_transfer') as transfers,
           count(*) filter (where type = 'sanction') as sanctions,
           count(*) filter (where type = 'un_violation') as violations,
           max(confidence) as max_confidence
    from mentions
    group by article_id
)
select a.article_id, a.title, a.url, outlet_of(a.url) as outlet, a.feed_name, f.kind as feed_kind,
       coalesce(a.published_at, a.fetched_at) as seen_at, a.status, a.skip_reason, a.language,
       a.duplicate_of, a.extracted_with,
       coalesce(c.transfers, 0) as transfers, coalesce(c.sanctions, 0) as sanctions,
       coalesce(c.violations, 0) as violations,
       coalesce(c.transfers + c.sanctions + c.violations, 0) as findings, c.max_confidence
from articles a
left join counts c using (article_id)
left join feeds f on f.name = a.feed_name
