-- A parcel no return matched is set aside for a lead (return_number stays NULL),
-- with who set it aside and what they noted; a lead matches it to a return later.
ALTER TABLE parcels ADD COLUMN set_aside_by TEXT;
ALTER TABLE parcels ADD COLUMN note TEXT;
ALTER TABLE parcels ADD COLUMN matched_by TEXT;
ALTER TABLE parcels ADD COLUMN matched_at TEXT;
CREATE INDEX parcels_scanned ON parcels (scanned);
