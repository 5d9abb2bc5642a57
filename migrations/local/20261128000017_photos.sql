-- Photos taken at the bench for a checklist's photo question: the file (under
-- <data>/photos, named by its SHA-256, which is also its id and the answer) and
-- whose unit it shows. One picture serves one unit: the same bytes again are refused.
CREATE TABLE photos (
    id          TEXT PRIMARY KEY,
    unit_id     TEXT NOT NULL REFERENCES units (id),
    question_id TEXT NOT NULL,
    file        TEXT NOT NULL,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    taken_by    TEXT NOT NULL,
    taken_at    TEXT NOT NULL
);
CREATE INDEX photos_by_unit ON photos (unit_id);
