-- A lead hands a waiting item (held unit, conflict, parcel) to another lead: the
-- queue shows whose it is. One assignee per item; a new assignment replaces it.
CREATE TABLE review_assignments (
    item        TEXT PRIMARY KEY,
    assigned_to TEXT NOT NULL,
    assigned_by TEXT NOT NULL,
    assigned_at TEXT NOT NULL
);
