-- A parcel no return matched is set aside at a bench and matched to a return by
-- a lead later: the parcel's row changes, so, like a unit's, it carries `rev`
-- (the bench's change number) and a late older change cannot undo a newer one.
ALTER TABLE parcels ADD COLUMN set_aside_by text;
ALTER TABLE parcels ADD COLUMN note text;
ALTER TABLE parcels ADD COLUMN matched_by text;
ALTER TABLE parcels ADD COLUMN matched_at timestamptz;
ALTER TABLE parcels ADD COLUMN rev bigint NOT NULL DEFAULT 0;
GRANT UPDATE ON parcels TO triage_bench;
