-- Every rule set a bench has decided with, kept whole so any inspection can be
-- explained later from the exact text that decided it.
CREATE TABLE rule_sets (
    hash      TEXT PRIMARY KEY,  -- SHA-256 of the file's bytes
    version   TEXT NOT NULL,
    source    TEXT NOT NULL,     -- the file it was loaded from, or "built-in"
    text      TEXT NOT NULL,
    loaded_at TEXT NOT NULL
);

ALTER TABLE inspections ADD COLUMN rules_hash TEXT NOT NULL DEFAULT '';
