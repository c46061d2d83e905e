-- Per-article extraction bounds (issue 10 #6): which bound cut an article's extraction short, and how
-- much ("candidate sentences: 400 of 9,000 read"; "time: ..."; "findings: 200 of 1,200 kept"), or null.
-- Numbered 050, after every range in use: migrations never run out of order.
alter table articles add column extract_limit varchar;
