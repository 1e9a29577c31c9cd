-- Quotations: the speaker as the text writes it, beside the actor it was resolved to.
-- speaker_char_start / speaker_char_end: offsets in documents.text of the words naming the speaker
--   in the quotation's own clause ("he", "the statement", "Sen. Kaine"), so that a resolved
--   pronoun keeps its evidence: substr(d.text, speaker_char_start + 1, speaker_char_end - speaker_char_start).
--   NULL when no words name the speaker there (a quotation continuing the one before it).
ALTER TABLE quotes ADD COLUMN speaker_char_start INTEGER;
ALTER TABLE quotes ADD COLUMN speaker_char_end INTEGER;
