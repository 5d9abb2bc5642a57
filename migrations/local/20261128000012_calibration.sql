-- Calibration: a share of graded units is offered to a lead for a blind re-grade
-- (written with the confirmation); the lead's grade is kept beside the
-- inspector's, which stays in `inspections`.
CREATE TABLE calibrations (
    unit_id     TEXT PRIMARY KEY REFERENCES units (id),
    offered_at  TEXT NOT NULL,
    lead_grade  TEXT,          -- NULL while it waits for a lead
    lead        TEXT,
    regraded_at TEXT
);
CREATE INDEX calibrations_regraded_at ON calibrations (regraded_at);
