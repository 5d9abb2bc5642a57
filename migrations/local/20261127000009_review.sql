-- The lead's queue: a conflict from central is settled by a lead with a note.
ALTER TABLE conflicts ADD COLUMN resolved_at TEXT;
ALTER TABLE conflicts ADD COLUMN resolved_by TEXT;
ALTER TABLE conflicts ADD COLUMN resolution TEXT;

-- Held units are looked up by state.
CREATE INDEX units_state ON units (state);
