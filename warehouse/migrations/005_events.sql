-- Events: how they were stated and where else the document states them. Extra columns only.
-- predicate: the word that states the event ("convene", "summit", "withdrawal").
-- date_qualifier: what the text says with the date (early | mid | late | a season | a quarter).
-- date_anchor_start: for a narrative date ("that year", "the meeting" of the sentence before),
--   the offset in documents.text of the date it was counted from; NULL otherwise.
-- mode may now also be 'historical': a past event mentioned in passing, more than a year
--   before the document's publication.
ALTER TABLE events ADD COLUMN predicate VARCHAR;
ALTER TABLE events ADD COLUMN date_qualifier VARCHAR;
ALTER TABLE events ADD COLUMN date_anchor_start INTEGER;

-- Every place a document states an event: the first (events.char_start/char_end) and the
-- repeats merged into it (a caption, a summary, "this meeting" two sentences on).
CREATE TABLE event_mentions (
    event_id    VARCHAR NOT NULL,
    document_id VARCHAR NOT NULL,
    char_start  INTEGER NOT NULL,
    char_end    INTEGER NOT NULL,
    page        INTEGER
);
