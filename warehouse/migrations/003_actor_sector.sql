-- Actors as PLOVER codes them: the sector each mention gives its actor, and what an actor
-- that is not a state is (IGO, NGO, IMG). Extra columns only; contract columns are unchanged.

ALTER TABLE mentions ADD COLUMN sector VARCHAR;     -- GOV, MIL, REB, LEG, JUD, COP, ... where the text says it
ALTER TABLE actors ADD COLUMN agent_type VARCHAR;   -- IGO | NGO | IMG, from the organisation gazetteer

-- The sector an event's actor acts in, as its sentence says it: the sector of the actor's first
-- mention inside the event's span (NULL when that mention gives none).
CREATE VIEW event_actor_sectors AS
SELECT ea.event_id, ea.actor_id, ea.role,
       arg_min(m.sector, m.char_start) FILTER (WHERE m.sector IS NOT NULL) AS sector
FROM event_actors ea
JOIN events e USING (event_id)
LEFT JOIN mentions m
  ON m.actor_id = ea.actor_id AND m.document_id = e.document_id
 AND m.char_start >= e.char_start AND m.char_start < e.char_end
GROUP BY ea.event_id, ea.actor_id, ea.role;
