-- Intermediate: one row per finding of any type (per sanction target, per violated resolution), in one
-- generic shape: who acts (actor), on or with whom (counterpart), about what (what), how (stance or
-- action). This is the one actor / counterpart / what projection; claim_overview applies it to claims.
create or replace view findings as
select 'arms_transfer' as type, mention_id, article_id, stance as how,
       supplier as actor, supplier_country as actor_country,
       recipient as counterpart, recipient_country as counterpart_country, weapon_category as what,
       source, sentence, confidence, seen_at, url, outlet, syndicated
from arms_transfers
union all
select 'sanction', mention_id, article_id, action,
       authority, authority_country, target, target_country, measure,
       source, sentence, confidence, seen_at, url, outlet, syndicated
from sanctions
union all
select 'un_violation', mention_id, article_id, stance,
       violator, violator_country, null, null, resolution,
       source, sentence, confidence, seen_at, url, outlet, syndicated
from un_violations
