-- The audit log arrives from the benches. `detail` is jsonb (to query); the hash
-- covers the exact text the bench wrote, kept in `detail_text`, so central's copy
-- of a bench's chain verifies on its own.
ALTER TABLE audit_log ADD COLUMN detail_text text;

-- A lead's blind re-grade of a unit (calibration), sent once made; the
-- inspector's grade is the unit's inspection. `id` is the unit's id.
CREATE TABLE calibrations (
    id          uuid PRIMARY KEY,
    site_id     text NOT NULL REFERENCES sites (id),
    bench_id    uuid NOT NULL REFERENCES benches (id),
    unit_id     uuid NOT NULL UNIQUE REFERENCES units (id),
    offered_at  timestamptz NOT NULL,
    lead_grade  text NOT NULL,
    lead        text NOT NULL,
    regraded_at timestamptz NOT NULL
);
CREATE INDEX calibrations_site_time ON calibrations (site_id, regraded_at);
GRANT SELECT, INSERT ON calibrations TO triage_bench;
ALTER TABLE calibrations ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON calibrations FOR ALL TO triage_bench
    USING (bench_id = (SELECT triage_bench_id())) WITH CHECK (bench_id = (SELECT triage_bench_id()) AND site_id = (SELECT triage_site()));
