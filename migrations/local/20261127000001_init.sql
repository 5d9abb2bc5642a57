-- The bench's own database. Append-only once released: change by adding a migration.

CREATE TABLE returns (
    return_number TEXT PRIMARY KEY,
    order_number  TEXT NOT NULL,
    channel       TEXT NOT NULL,
    customer_name TEXT NOT NULL,
    created_on    TEXT NOT NULL,   -- YYYY-MM-DD
    purchased_on  TEXT NOT NULL,
    window_days   INTEGER NOT NULL CHECK (window_days >= 0),
    imported_at   TEXT NOT NULL    -- RFC 3339, UTC
);

CREATE TABLE return_lines (
    return_number    TEXT NOT NULL REFERENCES returns (return_number) ON DELETE CASCADE,
    line_no          INTEGER NOT NULL,
    sku              TEXT NOT NULL,
    gtin             TEXT NOT NULL,
    gtin14           TEXT NOT NULL,
    description      TEXT NOT NULL,
    category         TEXT NOT NULL,
    quantity         INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
    reason           TEXT NOT NULL,
    comment          TEXT,
    expected_serials TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
    PRIMARY KEY (return_number, line_no)
);
CREATE INDEX return_lines_gtin14 ON return_lines (gtin14);

CREATE TABLE tracking_numbers (
    tracking_number TEXT PRIMARY KEY,
    return_number   TEXT NOT NULL REFERENCES returns (return_number) ON DELETE CASCADE
);
CREATE INDEX tracking_numbers_return ON tracking_numbers (return_number);

CREATE TABLE parcels (
    id            TEXT PRIMARY KEY,  -- UUID made on the bench
    scanned       TEXT NOT NULL,
    return_number TEXT REFERENCES returns (return_number),
    bench         TEXT NOT NULL,
    received_at   TEXT NOT NULL
);

CREATE TABLE units (
    id            TEXT PRIMARY KEY,
    parcel_id     TEXT NOT NULL REFERENCES parcels (id),
    return_number TEXT,
    line_no       INTEGER,           -- NULL: matches no line (wrong item)
    scanned       TEXT NOT NULL,
    category      TEXT NOT NULL,
    state         TEXT NOT NULL,
    lpn           TEXT UNIQUE,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX units_parcel ON units (parcel_id);

CREATE TABLE inspections (
    id            TEXT PRIMARY KEY,
    unit_id       TEXT NOT NULL UNIQUE REFERENCES units (id),
    bench         TEXT NOT NULL,
    rules_version TEXT NOT NULL,
    answers       TEXT NOT NULL,     -- JSON [{questionId, key}]
    grade         TEXT NOT NULL,
    disposition   TEXT NOT NULL,
    destination   TEXT NOT NULL,
    refund_kind   TEXT NOT NULL,
    flags         TEXT NOT NULL,     -- JSON array
    rule_id       TEXT NOT NULL,
    decision      TEXT NOT NULL,     -- the whole decision with its explanation, JSON
    confirmed_at  TEXT NOT NULL
);
CREATE INDEX inspections_confirmed_at ON inspections (confirmed_at);

CREATE TABLE labels (
    id         TEXT PRIMARY KEY,
    unit_id    TEXT NOT NULL REFERENCES units (id),
    lpn        TEXT NOT NULL,
    template   TEXT NOT NULL,
    pdf_path   TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Next LPN sequence number of this bench.
CREATE TABLE lpn_sequence (
    bench INTEGER PRIMARY KEY,
    next  INTEGER NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
