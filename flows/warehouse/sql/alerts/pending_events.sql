-- One row per claim event never offered to any destination (nor folded into another alert).
-- Parameters: none. Evidence = the claim's three most confident distinct sentences (with source, link), best first.
with fresh as (
    select e.*
    from claim_events e
    where e.event_id not in (select alert_id from alerts)
),
sentences as (  -- each distinct sentence once (a syndicated copy repeats it), from its best mention
    select cm.claim_id, m.sentence, m.source_name, m.confidence, a.url,
           row_number() over (partition by cm.claim_id, m.sentence order by m.confidence desc, a.url) as copy
    from claim_mentions cm
    join mentions m using (mention_id)
    join articles a using (article_id)
    where cm.claim_id in (select claim_id from fresh)
),
ranked as (
    select *, row_number() over (partition by claim_id order by confidence desc, url) as rank
    from sentences
    where copy = 1
),
evidence as (
    select claim_id,
           list({'sentence': sentence, 'source': source_name, 'url': url} order by rank) as evidence
    from ranked
    where rank <= 3
    group by claim_id
)
select f.event_id, f.claim_id, f.event, f.type, f.label, f.run_id, f.detected_at,
       c.status, c.n_outlets, c.n_asserted, c.n_denied, c.n_planned, c.max_confidence, c.countries,
       c.asserting_sources, c.denying_sources, c.article_urls, c.first_seen, c.last_seen,
       c.supplier_name, c.supplier_country, c.recipient_name, c.recipient_country,
       c.authority_name, c.authority_country, c.target_name, c.target_country,
       c.violator_name, c.violator_country,
       coalesce(ev.evidence, []) as evidence,
       nc.detected_at as new_claim_detected_at  -- equal to detected_at: found by the claim's first refresh
from fresh f
join claims c using (claim_id)
left join evidence ev on ev.claim_id = f.claim_id
left join claim_events nc on nc.claim_id = f.claim_id and nc.event = 'new_claim'
order by f.detected_at, f.event_id
