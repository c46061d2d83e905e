-- News parties (sanction targets, non-state arms-transfer parties) matched against the official lists.
-- One row = one (claim, party, list): listed, listed_later (the news came first: lag_days > 0) or not_listed.
-- @param status varchar null only this status: listed | listed_later | not_listed
select r.status, r.party_name as party, r.party_country, r.role, c.label as claim,
       r.list_name, r.listed_name, r.matched_name, round(r.score, 3) as score,
       r.listed_since, r.first_reported, r.lag_days, r.entity_id, r.claim_id
from list_reconciliation r
join claims c using (claim_id)
where $status::varchar is null or r.status = $status::varchar
order by case r.status when 'listed_later' then 0 when 'listed' then 1 else 2 end,
         r.lag_days desc nulls last, r.party_name, r.list_name
