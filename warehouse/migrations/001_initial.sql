-- The contract tables (../shared/CONTRACT.md), plus the bookkeeping that keeps
-- loads idempotent. Extra columns are ours; contract columns are never renamed.

CREATE TABLE sources (
    source_uri      VARCHAR PRIMARY KEY,  -- file path (absolute) or URL
    content_sha256  VARCHAR NOT NULL,     -- hash of the raw bytes last loaded
    doc_type        VARCHAR,
    archive_path    VARCHAR,              -- raw/archive/<sha256> copy of the bytes
    pipeline_version VARCHAR,             -- extractor versions that produced its rows
    loaded_at       TIMESTAMP
);

CREATE TABLE documents (
    document_id         VARCHAR PRIMARY KEY,
    source_uri          VARCHAR NOT NULL,
    source_item         VARCHAR,
    title               VARCHAR,
    authors             VARCHAR[],
    published           DATE,
    doc_type            VARCHAR,
    content_sha256      VARCHAR,
    text                VARCHAR,
    published_precision VARCHAR,          -- day | month | year
    category            VARCHAR,
    permalink           VARCHAR,
    abstract            VARCHAR,
    metadata            JSON,             -- journal, volume, issue, pages, doi, received, accepted, *_source
    page_starts         INTEGER[],        -- offset in text where page i+1 begins (PDF)
    extractor_version   VARCHAR,
    loaded_at           TIMESTAMP
);

CREATE TABLE actors (
    actor_id        VARCHAR PRIMARY KEY,  -- stable hash of kind + normalised canonical name
    canonical_name  VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL,
    country_code    VARCHAR
);

CREATE TABLE actor_aliases (
    actor_id    VARCHAR NOT NULL,
    alias       VARCHAR NOT NULL,
    PRIMARY KEY (actor_id, alias)
);

CREATE TABLE mentions (
    actor_id          VARCHAR NOT NULL,
    document_id       VARCHAR NOT NULL,
    surface           VARCHAR NOT NULL,
    char_start        INTEGER NOT NULL,
    char_end          INTEGER NOT NULL,
    page              INTEGER,
    label             VARCHAR,            -- spaCy entity label that produced it
    role              VARCHAR,            -- title said with the name ("President")
    extractor_version VARCHAR
);

CREATE TABLE events (
    event_id          VARCHAR PRIMARY KEY,
    document_id       VARCHAR NOT NULL,
    event_date        DATE NOT NULL,
    date_precision    VARCHAR NOT NULL,
    date_text         VARCHAR,
    event_type        VARCHAR,
    sentence          VARCHAR,
    char_start        INTEGER NOT NULL,
    char_end          INTEGER NOT NULL,
    page              INTEGER,
    date_anchor       VARCHAR,            -- explicit | narrative | publication
    event_subtype     VARCHAR,            -- finer kind: summit, treaty signed, ...
    mode              VARCHAR,            -- NULL for a plain past event; future | negated | hypothetical
    extractor_version VARCHAR
);

CREATE TABLE event_actors (
    event_id  VARCHAR NOT NULL,
    actor_id  VARCHAR NOT NULL,
    role      VARCHAR NOT NULL
);

CREATE TABLE quotes (
    quote_id          VARCHAR PRIMARY KEY,
    document_id       VARCHAR NOT NULL,
    quote_text        VARCHAR NOT NULL,
    kind              VARCHAR NOT NULL,
    speaker_actor_id  VARCHAR,
    speaker_text      VARCHAR,
    cue               VARCHAR,
    sentence          VARCHAR,
    char_start        INTEGER NOT NULL,
    char_end          INTEGER NOT NULL,
    page              INTEGER,
    extractor_version VARCHAR
);

CREATE TABLE ingest_errors (
    source_uri   VARCHAR NOT NULL,
    stage        VARCHAR NOT NULL,
    error        VARCHAR NOT NULL,
    occurred_at  TIMESTAMP NOT NULL
);
