-- Brings claim_mentions in line with claim_keyed: drops links no longer supported, adds new ones.
-- Only the difference is written, so a refresh with nothing new writes (almost) nothing. No parameters.
delete from claim_mentions cm
where not exists (select 1 from claim_keyed k where k.claim_id = cm.claim_id and k.mention_id = cm.mention_id);
insert into claim_mentions
select distinct k.claim_id, k.mention_id
from claim_keyed k
where not exists (select 1 from claim_mentions cm where cm.claim_id = k.claim_id and cm.mention_id = k.mention_id);
