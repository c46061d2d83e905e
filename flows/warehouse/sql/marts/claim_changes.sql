-- Mart: one row per change of state ever detected (new claim, first denial, first official confirmation,
-- planned sanction imposed), newest first by detection time.
create or replace view claim_changes as
select e.event_id, e.claim_id, e.event, e.type, e.label, e.detected_at, e.run_id,
       c.status, c.n_outlets, c.countries
from claim_events e
left join claims c using (claim_id)
