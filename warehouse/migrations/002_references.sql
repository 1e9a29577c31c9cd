-- The structure of journal and report PDFs, kept beside documents.text.
-- The reference list is called reference_list: REFERENCES is an SQL keyword,
-- and a table of that name would need quoting in every query.

CREATE TABLE reference_list (
    document_id  VARCHAR NOT NULL,
    position     INTEGER NOT NULL,    -- 1-based order in the printed list
    raw          VARCHAR NOT NULL,    -- the entry as printed, lines joined
    year         INTEGER,             -- publication year where the entry gives one
    PRIMARY KEY (document_id, position)
);

-- Figure and photo captions. Their words are also in documents.text, after the
-- body, so events and quotes found in them point here by offset:
--   ... JOIN captions c ON e.document_id = c.document_id
--       AND e.char_start >= c.char_start AND e.char_start < c.char_end
CREATE TABLE captions (
    document_id  VARCHAR NOT NULL,
    position     INTEGER NOT NULL,
    text         VARCHAR NOT NULL,
    page         INTEGER,
    char_start   INTEGER NOT NULL,
    char_end     INTEGER NOT NULL,
    PRIMARY KEY (document_id, position)
);

-- Pull quotes repeat a body sentence in display type; the body keeps the sentence once.
CREATE TABLE pull_quotes (
    document_id  VARCHAR NOT NULL,
    position     INTEGER NOT NULL,
    text         VARCHAR NOT NULL,
    page         INTEGER,
    PRIMARY KEY (document_id, position)
);

-- Footnotes (author notes, citation lines, endnote-style remarks): not in documents.text.
CREATE TABLE footnotes (
    document_id  VARCHAR NOT NULL,
    position     INTEGER NOT NULL,
    text         VARCHAR NOT NULL,
    page         INTEGER,
    PRIMARY KEY (document_id, position)
);
