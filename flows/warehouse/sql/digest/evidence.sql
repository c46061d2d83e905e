-- Digest cards: the evidence of every claim detected since $since, best first within each claim
-- (original before syndicated copy, assertion before denial, confidence, earliest). One row = one mention;
-- the digest shows each distinct sentence of a claim once. Parameter: $since (timestamptz).
select e.claim_id, e.sentence, e.stance, e.source, e.outlet, e.feed_name, e.url, e.title, e.seen_at
from claim_evidence e
join claims c using (claim_id)
where c.detected_at >= $since::timestamptz and e.sentence is not null
order by e.claim_id, e.syndicated, e.stance = 'denied', e.confidence desc, e.seen_at, e.mention_id
