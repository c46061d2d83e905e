-- What is new in the last $hours hours (or since $since) across arms transfers, sanctions and UN violations.
-- One row = one claim this warehouse first detected in the window, with its strongest evidence sentence.
-- @param hours integer 24 look-back window in hours (used when since is not given)
-- @param since timestamp null start of the window (overrides hours)
with window_start as (
    select coalesce($since::timestamptz, now() - to_hours($hours::integer)) as t
),
new_claims as (
    select c.*
    from claim_overview c, window_start w
    where c.detected_at >= w.t
),
ranked as (
    select e.*, row_number() over (
        partition by e.claim_id order by e.syndicated, e.stance = 'denied', e.confidence desc, e.seen_at, e.mention_id
    ) as rn
    from claim_evidence e
    where e.claim_id in (select claim_id from new_claims)
)
select n.type, n.claim_id, n.label, n.status, n.actor, n.counterpart, n.what,
       n.n_outlets, n.n_asserted, n.n_denied, n.n_planned, n.has_official_confirmation as official,
       n.first_seen, n.last_seen, n.detected_at,
       r.sentence, r.stance, r.source, r.outlet, r.url, r.title,
       (select string_agg(distinct r2.status || ': ' || r2.list_name, '; ') from list_reconciliation r2
        where r2.claim_id = n.claim_id and r2.status <> 'not_listed') as listing
from new_claims n
left join ranked r on r.claim_id = n.claim_id and r.rn = 1
order by case n.type when 'arms_transfer' then 1 when 'sanction' then 2 else 3 end,
         n.n_outlets desc, n.last_seen desc, n.claim_id
