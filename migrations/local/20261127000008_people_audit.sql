-- Who did it: users log in by badge and PIN; every change names its actor in a
-- hash-chained audit log.

-- Users added at this bench (a bench without central) sit in `users` next to
-- the ones pulled from central; `origin` tells them apart.
ALTER TABLE users ADD COLUMN origin TEXT NOT NULL DEFAULT 'central';  -- central | local

-- Wrong PINs per badge (kept when the user is replaced by a pull).
CREATE TABLE login_attempts (
    badge        TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    locked_until TEXT              -- RFC 3339, UTC
);

-- The inspector who took a unit up, and who confirmed it.
ALTER TABLE units ADD COLUMN inspector TEXT;
ALTER TABLE inspections ADD COLUMN inspector TEXT;

-- Append-only: each entry's hash covers its fields and the previous entry's
-- hash (triage_core::audit). Nothing updates or deletes a row.
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,   -- 1, 2, 3 … no gaps
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,         -- a badge, or 'system'
    action    TEXT NOT NULL,         -- parcel.received, unit.confirmed, user.login_failed …
    subject   TEXT NOT NULL,
    detail    TEXT NOT NULL,         -- JSON
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
