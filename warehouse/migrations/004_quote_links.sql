-- Quotations: what kind of speaker, and when it was said. Extra columns only.
-- speaker_kind: what the words naming the speaker name: person | organization | document
--   (a statement, communique or strategy "says"; its issuer, where known, is speaker_actor_id).
-- event_id: the dated event of the quotation's sentence (or of the sentence its speaker came from).
-- quote_date / quote_date_precision: that event's date, else the document's publication date;
-- quote_date_anchor says which: 'event' or 'publication'. NULL for terms.
ALTER TABLE quotes ADD COLUMN speaker_kind VARCHAR;
ALTER TABLE quotes ADD COLUMN event_id VARCHAR;
ALTER TABLE quotes ADD COLUMN quote_date DATE;
ALTER TABLE quotes ADD COLUMN quote_date_precision VARCHAR;
ALTER TABLE quotes ADD COLUMN quote_date_anchor VARCHAR;

-- Who said what, when, in one place:
--   SELECT quote_text FROM quotations WHERE speaker = 'Kasim-Jomart Tokayev' AND year(quote_date) = 2022;
CREATE VIEW quotations AS
SELECT q.quote_id, q.document_id, d.title, d.source_uri,
       coalesce(a.canonical_name, q.speaker_text) AS speaker, q.speaker_kind, a.kind AS speaker_actor_kind,
       a.country_code AS speaker_country, q.quote_date, q.quote_date_precision, q.quote_date_anchor,
       q.event_id, e.event_type, q.cue, q.quote_text, q.sentence, q.page, q.char_start, q.char_end
FROM quotes q
JOIN documents d USING (document_id)
LEFT JOIN actors a ON a.actor_id = q.speaker_actor_id
LEFT JOIN events e ON e.event_id = q.event_id
WHERE q.kind = 'quote';
