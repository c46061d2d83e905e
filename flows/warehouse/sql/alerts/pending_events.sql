-- One row per claim event never offered to any destination (nor folded into another alert).
-- Parameters: none. Evidence = the most confident mention of the claim (its sentence, source, link).
with fresh as (
    select e.*
    from claim_events e
    where e.event_id not in (select alert_id from alerts)
),
evidence as (
    select cm.claim_id, m.sentence, m.source_name, m.confidence, a.url, a.title as article_title,
           row_number() over (partition by cm.claim_id order by m.confidence desc, a.url) as rank
    from claim_mentions cm
    join mentions m using (mention_id)
    join articles a using (article_id)
)
select f.event_id, f.claim_id, f.event, f.type, f.label,
       c.status, c.n_outlets, c.n_asserted, c.n_denied, c.n_planned, c.max_confidence, c.countries,
       c.asserting_sources, c.denying_sources, c.article_urls,
       ev.sentence, ev.source_name, ev.url, ev.article_title
from fresh f
join claims c using (claim_id)
left join evidence ev on ev.claim_id = f.claim_id and ev.rank = 1
order by f.detected_at, f.event_id
