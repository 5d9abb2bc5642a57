-- A lead sends a held unit back for re-inspection: the held unit's state becomes
-- 'sent_back' (its inspection and LPN stay, void) and a new unit record re-inspects
-- it, naming the unit it replaces, who sent it back and why.
ALTER TABLE units ADD COLUMN reinspects TEXT REFERENCES units (id);
ALTER TABLE units ADD COLUMN sent_back_by TEXT;
ALTER TABLE units ADD COLUMN sent_back_reason TEXT;
CREATE INDEX units_reinspects ON units (reinspects);
