-- A feed that fails several polls in a row is backed off: not polled again before `next_poll_at`
-- (the wait doubles with each further failure, capped), and polled as usual again once a poll succeeds.
-- `failures_in_a_row` counts failed polls since the last good one (ok, not_modified or malformed).
-- Numbered 041: after the lists' 040, so existing warehouses never apply a migration out of order.

alter table feeds add column failures_in_a_row integer default 0;
alter table feeds add column next_poll_at timestamptz;
