-- Replaces the claims table with claims_next, keeping each claim's detected_at. Parameter: $now.
insert into claims by name
select n.*, coalesce(e.detected_at, $now) as detected_at, $now as refreshed_at
from claims_next n
left join claim_events e on e.claim_id = n.claim_id and e.event = 'new_claim'
