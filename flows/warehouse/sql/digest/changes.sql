-- Digest: changes of state of existing claims detected since $since (new claims are listed separately).
-- One row = one claim event (first denial, first official confirmation, planned sanction imposed).
select e.event, e.type, e.label, e.detected_at, e.claim_id, c.status, c.n_outlets
from claim_events e
left join claims c using (claim_id)
where e.event <> 'new_claim' and e.detected_at >= $since::timestamptz
  and e.claim_id not in (select claim_id from claim_events where event = 'new_claim' and detected_at >= $since::timestamptz)
order by e.detected_at desc, e.type, e.label
