-- What each run did, and what a conditional re-fetch needs.

CREATE TABLE runs (
    run_id              VARCHAR PRIMARY KEY,
    flow                VARCHAR NOT NULL,     -- ingest | reextract
    started_at          TIMESTAMP NOT NULL,
    finished_at         TIMESTAMP,
    inputs              VARCHAR[],
    sources_seen        INTEGER,
    sources_new         INTEGER,
    sources_changed     INTEGER,
    sources_unchanged   INTEGER,
    sources_failed      INTEGER,
    documents_loaded    INTEGER,
    extractor_versions  VARCHAR
);

ALTER TABLE sources ADD COLUMN etag VARCHAR;
ALTER TABLE sources ADD COLUMN last_modified VARCHAR;
