-- Stock need per SKU from the warehouse system's last export (a whole snapshot:
-- importing one replaces the table). A SKU not here is `unknown` to the rules.
CREATE TABLE stock_need (
    sku         TEXT PRIMARY KEY,
    need        TEXT NOT NULL CHECK (need IN ('high', 'low')),
    imported_at TEXT NOT NULL
);
