-- One claim's evidence in time order ($claim_id from claims.claim_id, e.g. from daily_digest).
-- One row = one mention supporting the claim: when, stance, who says so, which outlet, the sentence.
-- @param claim_id varchar required the claim to show
select e.seen_at, e.stance, e.action, e.source, e.source_kind, e.outlet, e.syndicated,
       e.sentence, e.confidence, e.title, e.url, e.mention_id, e.label
from claim_evidence e
where e.claim_id = $claim_id::varchar
order by e.seen_at, e.url, e.mention_id
