-- Analysts' corrections, kept as rows that survive re-extraction (warehouse/corrections.py).
-- A correction names what it corrects by its evidence: the source and item of the document, the
-- character offsets and the words found there when it was made. Generated ids (actor_id, quote_id,
-- event_id) are never stored: they change when the extractors change. After every ingest and every
-- re-extraction each correction is applied again to the rows that hold its evidence, and its
-- status says whether it was found.
--   SELECT correction_id, kind, made_by, reason, status, status_note FROM corrections;

-- correction_id is numbered by warehouse/corrections.py (the highest so far plus one, under the
-- writer's lock) rather than by a sequence: a DuckLake warehouse has no sequences.
CREATE TABLE corrections (
    correction_id    INTEGER PRIMARY KEY,
    kind             VARCHAR NOT NULL,   -- merge-actors | split-actor | rename-actor | set-speaker | clear-speaker | reject-event | reject-quote
    made_by          VARCHAR NOT NULL,   -- who (dossier correct --by; default $USER)
    made_at          TIMESTAMP NOT NULL, -- when (UTC)
    reason           VARCHAR,            -- why (--why)
    -- what it corrects, as evidence: a mention of the actor, the quotation or the event
    target           VARCHAR NOT NULL,   -- mention | quote | event
    source_uri       VARCHAR NOT NULL,
    source_item      VARCHAR,
    document_id      VARCHAR NOT NULL,   -- derived from source_uri and source_item, for joins
    char_start       INTEGER,            -- NULL (split-actor --text): every mention written evidence_text in the document
    char_end         INTEGER,
    evidence_text    VARCHAR NOT NULL,   -- the words at those offsets when the correction was made
    -- merge-actors: a mention of the actor merged into, as evidence too
    into_source_uri  VARCHAR,
    into_source_item VARCHAR,
    into_char_start  INTEGER,
    into_char_end    INTEGER,
    into_text        VARCHAR,
    anchor_extracted BOOLEAN,            -- merge-actors: the extractors gave the merged actor that mention
                                         -- (so its rows in sources re-extracted later are found by it)
    -- the value
    new_name         VARCHAR,            -- rename: the new name; split: the actor the mention goes to;
                                         -- set-speaker: the speaker; merge: the actor merged into, as named then
    new_kind         VARCHAR,            -- split / set-speaker: the kind of that actor when it has to be created
    old_value        VARCHAR,            -- what the warehouse said before: the actor's name, the speaker, the event
    -- the last check
    status           VARCHAR NOT NULL,   -- applied | evidence-missing | failed
    status_note      VARCHAR,            -- why it is missing, or where the words moved to
    found_start      INTEGER,            -- where the evidence was found by the last check (moves with edits)
    found_end        INTEGER,
    checked_at       TIMESTAMP,
    checked_by       VARCHAR             -- runs.run_id of the run that last applied it, or 'dossier correct'
);

-- Events and quotations an analyst rejected: out of events, quotes and every view, kept here whole.
-- Rebuilt with their source (a re-extracted source's rows are rejected again by the correction).
CREATE TABLE rejected_items (
    correction_id INTEGER NOT NULL,
    item_kind     VARCHAR NOT NULL,      -- event | quote
    item_id       VARCHAR NOT NULL,      -- the event_id or quote_id it had
    document_id   VARCHAR NOT NULL,
    char_start    INTEGER NOT NULL,
    char_end      INTEGER NOT NULL,
    actors        VARCHAR[],             -- the actors it named: 'name (role)', or the speaker
    item          JSON NOT NULL,         -- the whole row as it was
    rejected_at   TIMESTAMP NOT NULL
);

-- The actor the extractors gave a mention, before any merge (by the loader or an analyst):
-- a merge correction finds the merged actor's rows in a re-extracted source by it.
ALTER TABLE mentions ADD COLUMN extracted_actor_id VARCHAR;
UPDATE mentions SET extracted_actor_id = actor_id;
