-- Digest chart: supplier -> recipient edges of arms-transfer claims, the new ones (detected since $since) first.
-- One row = one (supplier, recipient) pair; outlets = distinct outlets reporting any of its claims.
-- Parameter: $since (timestamptz, start of the digest window).
with pairs as (
    select supplier_key, recipient_key,
           mode(supplier_name) as supplier, mode(supplier_country) as supplier_country,
           mode(recipient_name) as recipient, mode(recipient_country) as recipient_country,
           list_sort(list_distinct(list(weapon_category))) as categories,
           len(list_distinct(flatten(list(outlets)))) as outlets,  -- distinct outlets over the pair's claims
           sum(n_asserted) as asserted, sum(n_denied) as denied,
           bool_or(detected_at >= $since::timestamptz) as is_new
    from claims
    where type = 'arms_transfer'
    group by supplier_key, recipient_key
)
select coalesce(supplier, '?') as supplier, supplier_country, coalesce(recipient, '?') as recipient,
       recipient_country, categories, outlets,
       case when denied > 0 and asserted > 0 then 'disputed' when denied > 0 then 'denied'
            when asserted > 0 then 'asserted' else 'planned' end as status,
       is_new
from pairs
order by is_new desc, outlets desc, supplier, recipient
limit 18
