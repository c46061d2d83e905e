-- Sanctions that are new, or newly imposed after being planned, in the last $hours hours (or since $since).
-- One row = one (authority, target, measure) claim with a new_claim or sanction_imposed event in the window.
-- @param hours integer 168 look-back window in hours (used when since is not given)
-- @param since timestamp null start of the window (overrides hours)
with window_start as (
    select coalesce($since::timestamptz, now() - to_hours($hours::integer)) as t
),
events as (
    select e.claim_id, list(e.event order by e.event) as events, max(e.detected_at) as detected_at
    from claim_events e, window_start w
    where e.type = 'sanction' and e.event in ('new_claim', 'sanction_imposed') and e.detected_at >= w.t
    group by e.claim_id
),
evidence as (
    select claim_id, arg_max(sentence, struct_pack(c := confidence, s := seen_at)) as sentence,
           arg_max(url, struct_pack(c := confidence, s := seen_at)) as url
    from claim_evidence
    where claim_id in (select claim_id from events)
    group by claim_id
)
select c.authority_name as authority, c.target_name as target, c.target_country, c.target_kind,
       c.measure, c.latest_action, c.programmes, ev.events,
       c.n_outlets, c.has_official_confirmation as official, c.first_seen, c.last_seen, ev.detected_at,
       x.sentence, x.url, c.claim_id
from events ev
join claims c using (claim_id)
left join evidence x using (claim_id)
order by ev.detected_at desc, c.authority_name, c.target_name, c.measure
