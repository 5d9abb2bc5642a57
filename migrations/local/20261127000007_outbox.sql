-- What central must see, written in the same transaction as the change itself:
-- the row as central takes it (JSON), oldest first. A row leaves once central
-- has accepted the batch that carried it.
CREATE TABLE outbox (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL,   -- parcel | unit | inspection | override | label | print_job
    body       TEXT NOT NULL,   -- JSON object; its "id" is the row's UUID
    created_at TEXT NOT NULL
);

-- Work done before this bench knew central goes too, parents first.
INSERT INTO outbox (kind, body, created_at)
SELECT 'parcel', json_object('id', id, 'scanned', scanned, 'return_number', return_number, 'received_at', received_at), received_at
FROM parcels ORDER BY received_at;
INSERT INTO outbox (kind, body, created_at)
SELECT 'unit', json_object('id', id, 'parcel_id', parcel_id, 'return_number', return_number, 'line_no', line_no,
       'scanned', scanned, 'category', category, 'state', state, 'lpn', lpn, 'created_at', created_at, 'updated_at', updated_at), updated_at
FROM units ORDER BY created_at;
INSERT INTO outbox (kind, body, created_at)
SELECT 'inspection', json_object('id', id, 'unit_id', unit_id, 'bench', bench, 'rules_version', rules_version,
       'rules_hash', rules_hash, 'answers', json(answers), 'grade', grade, 'disposition', disposition,
       'destination', destination, 'refund_kind', refund_kind, 'flags', json(flags), 'rule_id', rule_id,
       'decision', json(decision), 'confirmed_at', confirmed_at), confirmed_at
FROM inspections ORDER BY confirmed_at;
INSERT INTO outbox (kind, body, created_at)
SELECT 'override', json_object('id', id, 'unit_id', unit_id, 'seq', seq, 'kind', kind,
       'from_disposition', from_disposition, 'to_disposition', to_disposition, 'from_destination', from_destination,
       'to_destination', to_destination, 'request', json(request), 'before', json(before), 'after', json(after),
       'reason', reason, 'by_whom', by_whom, 'at', at), at
FROM amendments ORDER BY at, seq;
INSERT INTO outbox (kind, body, created_at)
SELECT 'label', json_object('id', id, 'unit_id', unit_id, 'lpn', lpn, 'template', template, 'created_at', created_at), created_at
FROM labels ORDER BY created_at;
INSERT INTO outbox (kind, body, created_at)
SELECT 'print_job', json_object('id', id, 'lpn', lpn, 'printer', printer, 'format', format, 'state', state,
       'attempts', attempts, 'last_error', last_error, 'reprint_of', reprint_of, 'created_at', created_at,
       'updated_at', updated_at), updated_at
FROM print_jobs ORDER BY created_at;

-- A return the shop cancelled (known from central).
ALTER TABLE returns ADD COLUMN status TEXT NOT NULL DEFAULT 'open';

-- The site's people, from central (PIN hashes only).
CREATE TABLE users (
    id       TEXT PRIMARY KEY,
    badge    TEXT NOT NULL UNIQUE,
    name     TEXT NOT NULL,
    role     TEXT NOT NULL,
    pin_hash TEXT NOT NULL,
    active   INTEGER NOT NULL
);

-- Conflicts central found between benches' work, waiting for a lead.
CREATE TABLE conflicts (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,   -- received_twice | more_than_expected | cancelled_after_receipt
    return_number TEXT NOT NULL,
    line_no       INTEGER NOT NULL,
    detail        TEXT NOT NULL,   -- JSON
    found_at      TEXT NOT NULL
);
