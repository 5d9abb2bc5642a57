-- A lead's overrides and later re-dispositions. The inspection row keeps the
-- original decision; each amendment keeps the decision before and after it.
CREATE TABLE amendments (
    id               TEXT PRIMARY KEY,
    unit_id          TEXT NOT NULL REFERENCES units (id),
    seq              INTEGER NOT NULL,  -- 1, 2, ... per unit
    kind             TEXT NOT NULL,     -- override | redisposition
    from_disposition TEXT NOT NULL,
    to_disposition   TEXT NOT NULL,
    from_destination TEXT NOT NULL,
    to_destination   TEXT NOT NULL,
    request          TEXT NOT NULL,     -- the amendment as asked, JSON
    before           TEXT NOT NULL,     -- decision in force before, JSON
    after            TEXT NOT NULL,     -- decision in force after, JSON
    reason           TEXT NOT NULL,
    by_whom          TEXT NOT NULL,
    at               TEXT NOT NULL,
    UNIQUE (unit_id, seq)
);
