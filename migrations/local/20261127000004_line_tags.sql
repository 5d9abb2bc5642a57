-- The shop's tags on a return line's product; rule sets may map them to a category.
ALTER TABLE return_lines ADD COLUMN tags TEXT NOT NULL DEFAULT '[]'; -- JSON array of strings
