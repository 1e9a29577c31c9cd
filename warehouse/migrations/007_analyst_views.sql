-- Analyst views: the questions the warehouse exists to answer, one SELECT away.
-- Views only (no data): they read the tables at query time, so every later load is visible
-- without a rebuild. The README lists each view with the question it answers.

-- The period an event's date stands for: a year-level date is the whole year, not 1 January.
-- period_start = event_date; period_end = the last day of the stated day, month, year or decade.
CREATE OR REPLACE VIEW event_periods AS
SELECT e.event_id, e.event_date AS period_start,
       CASE e.date_precision
           WHEN 'month'  THEN CAST(e.event_date + INTERVAL 1 MONTH AS DATE) - 1
           WHEN 'year'   THEN CAST(e.event_date + INTERVAL 1 YEAR AS DATE) - 1
           WHEN 'decade' THEN CAST(e.event_date + INTERVAL 10 YEAR AS DATE) - 1
           ELSE e.event_date
       END AS period_end
FROM events e;

-- Timeline: what happened when, who took part (with roles), and where it is written.
--   SELECT event_date, date_precision, event_type, actors, title FROM timeline
--   WHERE list_contains(actor_names, 'Tajikistan') ORDER BY event_date;
CREATE OR REPLACE VIEW timeline AS
WITH participants AS (
    SELECT ea.event_id,
           list(DISTINCT a.canonical_name ORDER BY a.canonical_name) AS actor_names,
           string_agg(DISTINCT a.canonical_name || ' (' || ea.role || ')', '; '
                      ORDER BY a.canonical_name || ' (' || ea.role || ')') AS actors
    FROM event_actors ea JOIN actors a USING (actor_id)
    GROUP BY ea.event_id
)
SELECT e.event_id, e.event_date, e.date_precision, p.period_start, p.period_end, e.date_text,
       e.date_qualifier, e.date_anchor, e.event_type, e.event_subtype, e.mode, e.predicate,
       coalesce(pa.actor_names, []::VARCHAR[]) AS actor_names, pa.actors,
       e.sentence, e.document_id, d.title, d.authors, d.published, d.source_uri, d.source_item,
       e.page, e.char_start, e.char_end
FROM events e
JOIN event_periods p USING (event_id)
JOIN documents d USING (document_id)
LEFT JOIN participants pa USING (event_id);

-- Who said what: every quotation (not scare quotes or titles) with its speaker, the speaker's
-- kind and country, the title the text gives the speaker, the cue, the date and the document.
--   SELECT quote_date, speaker, cue, quote_text, title FROM who_said_what
--   WHERE speaker = 'Rustam Nazarov' ORDER BY quote_date;
CREATE OR REPLACE VIEW who_said_what AS
WITH titles AS (  -- the title said with the speaker's name in the same document ("Foreign Minister")
    SELECT actor_id, document_id, arg_min(role, char_start) AS speaker_title
    FROM mentions WHERE role IS NOT NULL
    GROUP BY actor_id, document_id
)
SELECT q.quote_id, q.quote_date, q.quote_date_precision, q.quote_date_anchor,
       coalesce(a.canonical_name, q.speaker_text) AS speaker, q.speaker_text, q.speaker_actor_id,
       q.speaker_kind, a.kind AS speaker_actor_kind, a.country_code AS speaker_country,
       t.speaker_title, q.cue, q.quote_text, q.sentence, q.event_id, e.event_type, e.event_subtype,
       q.document_id, d.title, d.authors, d.published, d.source_uri, d.source_item,
       q.page, q.char_start, q.char_end
FROM quotes q
JOIN documents d USING (document_id)
LEFT JOIN actors a ON a.actor_id = q.speaker_actor_id
LEFT JOIN titles t ON t.actor_id = q.speaker_actor_id AND t.document_id = q.document_id
LEFT JOIN events e ON e.event_id = q.event_id
WHERE q.kind = 'quote';

-- Actor activity: events per actor, year and event type (the long form behind actor_profiles,
-- ready for a chart or a pivot).
CREATE OR REPLACE VIEW actor_activity AS
SELECT a.actor_id, a.canonical_name, a.kind, year(e.event_date) AS year, e.event_type,
       count(DISTINCT e.event_id) AS events
FROM event_actors ea
JOIN actors a USING (actor_id)
JOIN events e USING (event_id)
GROUP BY ALL;

-- Actor profiles: one row per actor with how often and where it appears, what it took part in
-- (events by type and by year), what it said, and the names and titles it goes by.
CREATE OR REPLACE VIEW actor_profiles AS
WITH m AS (
    SELECT actor_id, count(*) AS mentions, count(DISTINCT document_id) AS documents,
           list(DISTINCT role ORDER BY role) FILTER (WHERE role IS NOT NULL) AS titles
    FROM mentions GROUP BY actor_id
), ev AS (
    SELECT ea.actor_id, count(DISTINCT e.event_id) AS events,
           min(e.event_date) AS first_event_date, max(e.event_date) AS last_event_date
    FROM event_actors ea JOIN events e USING (event_id)
    GROUP BY ea.actor_id
), by_type AS (
    SELECT actor_id, map_from_entries(list((event_type, events) ORDER BY events DESC, event_type)) AS events_by_type
    FROM (SELECT actor_id, coalesce(event_type, 'unknown') AS event_type, sum(events) AS events
          FROM actor_activity GROUP BY ALL)
    GROUP BY actor_id
), by_year AS (
    SELECT actor_id, map_from_entries(list((year, events) ORDER BY year)) AS events_by_year
    FROM (SELECT actor_id, year, sum(events) AS events FROM actor_activity GROUP BY ALL)
    GROUP BY actor_id
), q AS (
    SELECT speaker_actor_id AS actor_id, count(*) AS quotes,
           min(quote_date) AS first_quote_date, max(quote_date) AS last_quote_date
    FROM quotes WHERE kind = 'quote' AND speaker_actor_id IS NOT NULL
    GROUP BY speaker_actor_id
), al AS (
    SELECT actor_id, list(alias ORDER BY alias) AS aliases FROM actor_aliases GROUP BY actor_id
)
SELECT a.actor_id, a.canonical_name, a.kind, a.country_code, a.agent_type,
       coalesce(al.aliases, []::VARCHAR[]) AS aliases, coalesce(m.titles, []::VARCHAR[]) AS titles,
       coalesce(m.mentions, 0) AS mentions, coalesce(m.documents, 0) AS documents,
       coalesce(ev.events, 0) AS events, by_type.events_by_type, by_year.events_by_year,
       ev.first_event_date, ev.last_event_date,
       coalesce(q.quotes, 0) AS quotes, q.first_quote_date, q.last_quote_date
FROM actors a
LEFT JOIN m USING (actor_id)
LEFT JOIN ev USING (actor_id)
LEFT JOIN by_type USING (actor_id)
LEFT JOIN by_year USING (actor_id)
LEFT JOIN q USING (actor_id)
LEFT JOIN al USING (actor_id);

-- Actor pairs per event: two actors taking part in the same event, one row per event and pair
-- (actor_a sorts before actor_b by name). Filter by date here, then count.
CREATE OR REPLACE VIEW actor_pair_events AS
WITH ea AS (SELECT DISTINCT event_id, actor_id FROM event_actors)
SELECT x.event_id,
       CASE WHEN a1.canonical_name <= a2.canonical_name THEN a1.actor_id ELSE a2.actor_id END AS actor_a_id,
       CASE WHEN a1.canonical_name <= a2.canonical_name THEN a1.canonical_name ELSE a2.canonical_name END AS actor_a,
       CASE WHEN a1.canonical_name <= a2.canonical_name THEN a1.kind ELSE a2.kind END AS actor_a_kind,
       CASE WHEN a1.canonical_name <= a2.canonical_name THEN a2.actor_id ELSE a1.actor_id END AS actor_b_id,
       CASE WHEN a1.canonical_name <= a2.canonical_name THEN a2.canonical_name ELSE a1.canonical_name END AS actor_b,
       CASE WHEN a1.canonical_name <= a2.canonical_name THEN a2.kind ELSE a1.kind END AS actor_b_kind,
       e.event_date, e.date_precision, p.period_end, e.event_type, e.document_id
FROM ea x
JOIN ea y ON x.event_id = y.event_id AND x.actor_id < y.actor_id
JOIN actors a1 ON a1.actor_id = x.actor_id
JOIN actors a2 ON a2.actor_id = y.actor_id
JOIN events e ON e.event_id = x.event_id
JOIN event_periods p ON p.event_id = x.event_id;

-- Actor co-occurrence: which actors appear together in events, how often, and over what period.
--   SELECT actor_a, actor_b, events, first_date, last_date FROM actor_cooccurrence ORDER BY events DESC;
CREATE OR REPLACE VIEW actor_cooccurrence AS
SELECT actor_a_id, actor_a, actor_a_kind, actor_b_id, actor_b, actor_b_kind,
       count(DISTINCT event_id) AS events, count(DISTINCT document_id) AS documents,
       min(event_date) AS first_date, max(event_date) AS last_date,
       list(DISTINCT event_type ORDER BY event_type) FILTER (WHERE event_type IS NOT NULL) AS event_types
FROM actor_pair_events
GROUP BY actor_a_id, actor_a, actor_a_kind, actor_b_id, actor_b, actor_b_kind;

-- Provenance: where every extracted row came from. One row per event, quotation or mention,
-- with the source (file or URL, item in a listing page, archived copy), the page, the offsets,
-- the exact words (evidence, cut from documents.text) and the sentence around them (snippet).
CREATE OR REPLACE VIEW provenance AS
WITH items AS (
    SELECT 'event' AS item_kind, event_id AS item_id, document_id, char_start, char_end, page, sentence
    FROM events
    UNION ALL
    SELECT 'quote', quote_id, document_id, char_start, char_end, page, sentence
    FROM quotes
    UNION ALL
    SELECT 'mention', actor_id, document_id, char_start, char_end, page, NULL
    FROM mentions
)
SELECT i.item_kind, i.item_id, i.document_id, d.title, d.authors, d.published, d.doc_type,
       d.source_uri, d.source_item, d.permalink, s.archive_path, d.content_sha256, s.loaded_at,
       i.page, i.char_start, i.char_end,
       substr(d.text, i.char_start + 1, i.char_end - i.char_start) AS evidence,
       -- The sentence given by the extractor, else the words from the previous sentence end to the next.
       left(coalesce(i.sentence, trim(
           regexp_extract(substr(d.text, greatest(i.char_start - 200, 0) + 1, least(i.char_start, 200)), '[^.!?\n]*$')
           || substr(d.text, i.char_start + 1, i.char_end - i.char_start)
           || regexp_extract(substr(d.text, i.char_end + 1, 200), '^[^.!?\n]*[.!?]?'))), 400) AS snippet
FROM items i
JOIN documents d USING (document_id)
LEFT JOIN sources s ON s.source_uri = d.source_uri;
