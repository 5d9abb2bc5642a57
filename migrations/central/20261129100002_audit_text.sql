-- The audit log arrives from the benches. `detail` is jsonb (to query); the hash
-- covers the exact text the bench wrote, kept in `detail_text`, so central's copy
-- of a bench's chain verifies on its own.
ALTER TABLE audit_log ADD COLUMN detail_text text;
