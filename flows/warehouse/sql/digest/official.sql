-- Digest cards: who officially confirms each claim detected since $since. One row = one claim.
-- Parameter: $since (timestamptz).
select claim_id, official_sources
from claims
where detected_at >= $since::timestamptz and len(official_sources) > 0
