-- Records the changes of state not recorded before; one returned row per event detected now.
-- Parameters: $now (timestamptz, the refresh time), $run_id (varchar or null). Ids: claim_hash (1_keyed.sql).
insert into claim_events (event_id, claim_id, event, type, label, detected_at, run_id)
with candidates as (
    select claim_id, 'new_claim' as event from claims_next
    union all select claim_id, 'first_denial' from claims_next where n_denied > 0
    union all select claim_id, 'first_official_confirmation' from claims_next where has_official_confirmation
    union all select claim_id, 'sanction_imposed' from claims_next
        where type = 'sanction' and first_planned_at < last_imposed_at
)
select claim_hash(c.claim_id, c.event, null, null), c.claim_id, c.event, n.type, n.label,
       $now, $run_id
from candidates c
join claims_next n using (claim_id)
where not exists (select 1 from claim_events e where e.claim_id = c.claim_id and e.event = c.event)
order by c.claim_id, c.event
returning event_id, claim_id, event, type, label, detected_at
