-- Corrections an analyst removed (`dossier correct remove ID`): their numbers are never given to a
-- new correction, so "correction 7" in a note, a stale source's pipeline_version or a
-- rejected_items row kept until the next re-extraction always means the same correction.
--   SELECT correction_id, kind, made_by, reason, removed_at FROM removed_corrections;
CREATE TABLE removed_corrections (
    correction_id INTEGER PRIMARY KEY,
    kind          VARCHAR NOT NULL,
    made_by       VARCHAR,
    reason        VARCHAR,
    evidence_text VARCHAR,
    removed_at    TIMESTAMP NOT NULL  -- when (UTC)
);
