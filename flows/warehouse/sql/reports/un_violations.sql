-- Reported UN Security Council resolution violations by regime and resolution, seen since $since.
-- One row = one (regime, resolution): who is said to violate it, assertions vs denials, outlets, dates.
-- @param since timestamp null only mentions seen at or after this time (all time by default)
with mentions_in_window as (
    select * replace (coalesce(regime, '(unknown)') as regime, coalesce(resolution, '(unspecified)') as resolution)
    from un_violations
    where $since::timestamptz is null or seen_at >= $since::timestamptz
)
select regime, resolution,
       list_sort(list_distinct(list(violator))) as violators,
       count(distinct mention_id) as mentions,
       count(distinct mention_id) filter (where not syndicated and coalesce(stance, 'asserted') = 'asserted')
           as asserted,
       count(distinct mention_id) filter (where not syndicated and stance = 'denied') as denied,
       len(list_distinct(list(outlet) filter (where not syndicated))) as n_outlets,
       min(seen_at) as first_seen, max(seen_at) as last_seen
from mentions_in_window
group by regime, resolution
order by regime, try_cast(resolution as integer) nulls last, resolution
