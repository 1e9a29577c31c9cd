-- Dates as precise as the text, and one happening told by several documents.
-- date_precision may now also be: hour (a clock time: event_time), week, quarter, season, half
--   (event_date is the first day of the period).
-- event_time: the clock time said with the date ('16:15') or the part of the day ('MO', 'AF', 'EV',
--   'NI' as TimeML writes them); time_zone as written with the clock ('UTC', 'ET').
ALTER TABLE events ADD COLUMN event_time VARCHAR;
ALTER TABLE events ADD COLUMN time_zone VARCHAR;

-- Every event's happening: events of several documents (or left apart in one) that state the
-- same happening (same type and predicate, overlapping periods, the same main actors) share a
-- happening_id. Recomputed over the whole warehouse at each load (warehouse/happenings.py).
CREATE TABLE event_links (
    event_id     VARCHAR PRIMARY KEY,
    happening_id VARCHAR NOT NULL
);

CREATE OR REPLACE VIEW event_periods AS
SELECT e.event_id, e.event_date AS period_start,
       CASE e.date_precision
           WHEN 'week'    THEN e.event_date + 6
           WHEN 'month'   THEN CAST(e.event_date + INTERVAL 1 MONTH AS DATE) - 1
           WHEN 'quarter' THEN CAST(e.event_date + INTERVAL 3 MONTH AS DATE) - 1
           WHEN 'season'  THEN CAST(e.event_date + INTERVAL 3 MONTH AS DATE) - 1
           WHEN 'half'    THEN CAST(e.event_date + INTERVAL 6 MONTH AS DATE) - 1
           WHEN 'year'    THEN CAST(e.event_date + INTERVAL 1 YEAR AS DATE) - 1
           WHEN 'decade'  THEN CAST(e.event_date + INTERVAL 10 YEAR AS DATE) - 1
           ELSE e.event_date
       END AS period_end
FROM events e;

-- Happenings: one row per happening, counted as GDELT counts its events: num_mentions (every
-- place a document states it: event_mentions), num_sources (distinct sources), num_documents,
-- num_events (events linked). The date is the most precise one stated; the period is where the
-- stated periods overlap. Every mention's evidence stays in event_mentions / provenance.
--   SELECT * FROM happenings WHERE num_sources > 1 ORDER BY num_mentions DESC;
CREATE OR REPLACE VIEW happenings AS
WITH linked AS (
    SELECT coalesce(l.happening_id, e.event_id) AS happening_id, e.*, p.period_start, p.period_end,
           CASE e.date_precision WHEN 'hour' THEN 0 WHEN 'day' THEN 1 WHEN 'week' THEN 2
                WHEN 'month' THEN 3 WHEN 'quarter' THEN 4 WHEN 'season' THEN 4 WHEN 'half' THEN 5
                WHEN 'year' THEN 6 ELSE 7 END AS coarseness
    FROM events e JOIN event_periods p USING (event_id) LEFT JOIN event_links l USING (event_id)
),
counts AS (
    SELECT happening_id,
           count(DISTINCT event_id) AS num_events,
           count(DISTINCT document_id) AS num_documents,
           list(DISTINCT event_id ORDER BY event_id) AS event_ids,
           max(period_start) AS period_start, min(period_end) AS period_end,
           arg_min(event_date, coarseness) AS event_date,
           arg_min(date_precision, coarseness) AS date_precision,
           arg_min(event_type, coarseness) AS event_type,
           arg_min(predicate, coarseness) AS predicate,
           arg_min(sentence, coarseness) AS sentence
    FROM linked GROUP BY happening_id
),
mentions AS (
    SELECT coalesce(l.happening_id, m.event_id) AS happening_id, count(*) AS num_mentions,
           count(DISTINCT d.source_uri) AS num_sources
    FROM event_mentions m JOIN documents d USING (document_id) LEFT JOIN event_links l USING (event_id)
    GROUP BY 1
),
participants AS (
    SELECT coalesce(l.happening_id, ea.event_id) AS happening_id,
           list(DISTINCT a.canonical_name ORDER BY a.canonical_name) AS actor_names
    FROM event_actors ea JOIN actors a USING (actor_id) LEFT JOIN event_links l USING (event_id)
    GROUP BY 1
)
SELECT c.happening_id, c.event_date, c.date_precision, c.period_start, c.period_end, c.event_type,
       c.predicate, p.actor_names, coalesce(m.num_mentions, 0) AS num_mentions,
       coalesce(m.num_sources, 0) AS num_sources, c.num_documents, c.num_events, c.event_ids,
       c.sentence
FROM counts c LEFT JOIN mentions m USING (happening_id) LEFT JOIN participants p USING (happening_id);
