-- As-of probes for the examples: each session's user at the session's start, and each cut's item
-- and category at the session's start. The snapshot adds its own probes (snapshot_probes.sql).
CREATE OR REPLACE TEMP TABLE user_probes AS
SELECT sid, uno, session_start AS as_of FROM sessions;

CREATE OR REPLACE TEMP TABLE item_probes AS
SELECT sid, cut_k, ino, session_start AS as_of FROM prefix_features;

CREATE OR REPLACE TEMP TABLE category_probes AS
SELECT sid, cut_k, cno, session_start AS as_of FROM prefix_features;
