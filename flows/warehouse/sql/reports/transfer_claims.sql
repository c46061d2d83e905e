-- Arms-transfer claims as supplier -> recipient pairs, last seen since $since (all time by default).
-- One row = one (supplier, recipient) pair: its weapon categories, assertions vs denials, outlets, dates.
-- @param since timestamp null only pairs last seen at or after this time
with pairs as (
    select supplier_key, recipient_key,
           mode(supplier_name) as supplier, mode(supplier_country) as supplier_country,
           mode(recipient_name) as recipient, mode(recipient_country) as recipient_country,
           list_sort(list_distinct(list(weapon_category))) as weapon_categories,
           count(*) as claims,
           sum(n_asserted) as asserted, sum(n_denied) as denied, sum(n_planned) as planned,
           list_sort(list_distinct(flatten(list(outlets)))) as outlets,
           bool_or(has_official_confirmation) as official,
           min(first_seen) as first_seen, max(last_seen) as last_seen
    from claims
    where type = 'arms_transfer' and ($since::timestamptz is null or last_seen >= $since::timestamptz)
    group by supplier_key, recipient_key
)
select supplier, supplier_country, recipient, recipient_country, weapon_categories, claims,
       asserted, denied, planned,
       case when denied > 0 and asserted > 0 then 'disputed' when denied > 0 then 'denied'
            when asserted > 0 then 'asserted' else 'planned' end as status,
       len(outlets) as n_outlets, outlets, official, first_seen, last_seen
from pairs
order by n_outlets desc, last_seen desc, supplier, recipient
