-- An IPP printer's own number for a job it took but had not finished printing when
-- the bench stopped watching: the job is `sent`, and the queue asks the printer
-- about it again until it completes (done) or the printer stops it.
ALTER TABLE print_jobs ADD COLUMN remote_job INTEGER;
