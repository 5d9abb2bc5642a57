-- A box of a return sent in several, closed while others were still to come: their
-- tracking numbers (JSON array). Its short lines wait, out of the lead's queue, until
-- the last box is closed (which judges the return and settles this one) or until
-- the boxes are overdue (then a lead is told).
ALTER TABLE parcels ADD COLUMN boxes_to_come TEXT;
