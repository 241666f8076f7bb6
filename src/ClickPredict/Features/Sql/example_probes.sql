-- As-of probes for the examples: each session's user at the session's start, and each cut's item
-- and category at the session's start. The snapshot adds its own probes (snapshot_probes.sql).
CREATE OR REPLACE TEMP TABLE user_probes AS
SELECT sid, uno, session_start AS as_of FROM sessions;

CREATE OR REPLACE TEMP TABLE cut_probes AS
SELECT sid, cut_k, ino, cno, session_start AS as_of FROM prefix_features;
