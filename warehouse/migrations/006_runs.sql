-- What each run did, and what the next run needs to skip work safely.

CREATE TABLE runs (
    run_id              VARCHAR PRIMARY KEY,
    flow                VARCHAR NOT NULL,     -- ingest | ingest-sources | reextract
    started_at          TIMESTAMP NOT NULL,
    finished_at         TIMESTAMP,
    inputs              VARCHAR[],
    sources_seen        INTEGER,
    sources_new         INTEGER,
    sources_changed     INTEGER,
    sources_unchanged   INTEGER,
    sources_failed      INTEGER,
    documents_loaded    INTEGER,
    runner              VARCHAR,              -- the task runner that extracted: thread | process
    extractor_versions  VARCHAR
);

-- The validators a web server gave for a URL (an article, or a feed, sitemap or
-- listing page), so the next run can ask "changed since?" and be answered 304.
CREATE TABLE fetch_state (
    url             VARCHAR PRIMARY KEY,
    etag            VARCHAR,
    last_modified   VARCHAR,
    content_sha256  VARCHAR,
    checked_at      TIMESTAMP NOT NULL
);

-- How the bytes were read, so re-extraction from the archive sees what the first extraction saw.
ALTER TABLE sources ADD COLUMN content_type VARCHAR;
ALTER TABLE sources ADD COLUMN fetched_on DATE;  -- no date after it is trusted in the text
