-- Liquidation containers: the units routed to liquidation on this bench wait in the
-- open container (units.container NULL) until an inspector closes it; closing writes
-- the container and stamps its code on every unit inside, in one transaction.
CREATE TABLE containers (
    code        TEXT PRIMARY KEY,
    seq         INTEGER NOT NULL UNIQUE,  -- this bench's container number
    bench       TEXT NOT NULL,
    closed_at   TEXT NOT NULL,
    closed_by   TEXT NOT NULL,
    units       INTEGER NOT NULL,
    value_cents INTEGER NOT NULL
);
ALTER TABLE units ADD COLUMN container TEXT REFERENCES containers (code);
CREATE INDEX units_container ON units (container);
