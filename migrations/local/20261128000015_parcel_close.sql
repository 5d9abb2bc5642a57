-- An inspector closes a parcel when nothing more is in it. If lines of its return
-- received fewer units than expected, `short` holds them (JSON: line, SKU,
-- expected, received) and the parcel waits for a lead, who settles it with a reason.
ALTER TABLE parcels ADD COLUMN closed_at TEXT;
ALTER TABLE parcels ADD COLUMN closed_by TEXT;
ALTER TABLE parcels ADD COLUMN short TEXT;
ALTER TABLE parcels ADD COLUMN short_settled_by TEXT;
ALTER TABLE parcels ADD COLUMN short_settled_at TEXT;
ALTER TABLE parcels ADD COLUMN short_reason TEXT;
