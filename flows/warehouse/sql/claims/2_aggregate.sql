-- One row per claim: the claim's state as its mentions say now (claim_keyed must exist). No parameters.
create or replace temp table claims_next as
with grouped as (
    select
        claim_id, any_value(type) as type,
        any_value(k1) filter (where type = 'arms_transfer') as supplier_key,
        mode(supplier_name) as supplier_name, mode(supplier_country) as supplier_country,
        any_value(k2) filter (where type = 'arms_transfer') as recipient_key,
        mode(recipient_name) as recipient_name, mode(recipient_country) as recipient_country,
        any_value(weapon_category) as weapon_category,
        coalesce(list_sort(list_distinct(flatten(list(weapons) filter (where weapons is not null)))), [])
            as weapons,  -- an empty list for sanctions and violations, as when every mention carried one
        any_value(k1) filter (where type = 'sanction') as authority_key,
        mode(authority_name) as authority_name, mode(authority_country) as authority_country,
        any_value(k2) filter (where type = 'sanction') as target_key,
        mode(target.name) as target_name, mode(target.country) as target_country, mode(target.kind) as target_kind,
        any_value(measure) as measure, list_sort(list_distinct(list(programme))) as programmes,
        arg_max(action, struct_pack(t := seen_at, o := start_offset)) filter (where action is not null)
            as latest_action,
        max(seen_at) filter (where action is not null) as latest_action_at,
        min(seen_at) filter (where action = 'planned' or stance = 'planned') as first_planned_at,
        min(seen_at) filter (where action = 'imposed') as first_imposed_at,
        max(seen_at) filter (where action = 'imposed') as last_imposed_at,
        any_value(k1) filter (where type = 'un_violation') as violator_key,
        mode(violator_name) as violator_name, mode(violator_country) as violator_country,
        any_value(resolution) as resolution, list_sort(list_distinct(list(regime))) as regimes,
        min(seen_at) as first_seen, max(seen_at) as last_seen,
        count(distinct mention_id) as n_mentions, count(distinct article_id) as n_articles,
        list_sort(list_distinct(list(outlet) filter (where independent))) as outlets,
        count(distinct mention_id) filter (where independent and eff_stance = 'asserted') as n_asserted,
        count(distinct mention_id) filter (where independent and eff_stance = 'denied') as n_denied,
        count(distinct mention_id) filter (where independent and eff_stance = 'planned') as n_planned,
        bool_or(eff_stance = 'asserted') as any_asserted, bool_or(eff_stance = 'denied') as any_denied,
        list_sort(list_distinct(list(source_name) filter (where eff_stance = 'asserted'))) as asserting_sources,
        list_sort(list_distinct(list(source_name) filter (where eff_stance = 'denied'))) as denying_sources,
        -- who confirms: the source, else the outlet, else (an outlet that is only an address: loopback,
        -- private, any IP literal) the official feed's name
        list_sort(list_distinct(list(coalesce(source_name,
            case when regexp_matches(coalesce(outlet, ''), '^(localhost|[0-9.]+|\[.*)$') then official_feed
                 else outlet end))
            filter (where official and eff_stance <> 'denied'))) as official_sources,
        coalesce(bool_or(official and eff_stance <> 'denied'), false) as has_official_confirmation,
        max(confidence) as max_confidence,
        list_sort(list_distinct(flatten(list([supplier_country, recipient_country, authority_country,
            target.country, violator_country])))) as countries,
        list_sort(list_distinct(list(mention_id))) as mention_ids,
        list_sort(list_distinct(list(url))) as article_urls
    from claim_keyed
    group by claim_id
)
select
    * exclude (any_asserted, any_denied, outlets, asserting_sources, denying_sources, official_sources),
    case type
        when 'arms_transfer' then concat(coalesce(supplier_name, 'unknown supplier'), ' -> ',
                                         coalesce(recipient_name, 'unknown recipient'), ': ',
                                         replace(case when coalesce(weapon_category, 'other') = 'other' then 'arms'
                                                      else weapon_category end, '_', ' '))
        when 'sanction' then concat(coalesce(authority_name, 'unknown authority'), ' ',
                                    coalesce(latest_action, 'imposed'), ' ',
                                    replace(case when coalesce(measure, 'other') = 'other' then 'sanctions'
                                                 else measure end, '_', ' '),
                                    ' on ', coalesce(target_name, 'unnamed targets'))
        when 'un_violation' then concat(coalesce(violator_name, 'unknown party'),
                                        case when resolution is null then ' violates UN sanctions'
                                             else ' violates resolution ' || resolution end)
    end as label,
    case
        when type = 'sanction' then coalesce(latest_action, 'imposed')
        when any_denied and any_asserted then 'disputed'
        when any_denied then 'denied'
        when any_asserted then 'asserted'
        else 'planned'
    end as status,
    coalesce(outlets, []) as outlets, len(coalesce(outlets, [])) as n_outlets,
    coalesce(asserting_sources, []) as asserting_sources, coalesce(denying_sources, []) as denying_sources,
    coalesce(official_sources, []) as official_sources
from grouped
