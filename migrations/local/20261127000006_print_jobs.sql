-- Every label sent to a printer is a job that outlives the app: queued until the
-- printer took it, retried with backoff while it cannot, done or failed with the
-- printer's own reason. A reprint is a new job that names the one it repeats.
CREATE TABLE print_jobs (
    id              TEXT PRIMARY KEY,
    lpn             TEXT NOT NULL,
    printer         TEXT NOT NULL,          -- URI: ipp://, socket://, usb://, file://
    format          TEXT NOT NULL,          -- pdf | zpl
    payload         BLOB NOT NULL,
    state           TEXT NOT NULL,          -- queued | sent | done | failed
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    next_attempt_at TEXT NOT NULL,
    reprint_of      TEXT REFERENCES print_jobs (id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX print_jobs_due ON print_jobs (state, next_attempt_at);
CREATE INDEX print_jobs_lpn ON print_jobs (lpn);
