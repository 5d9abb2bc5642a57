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

-- The site's blind re-grades for a lead's dashboard at any bench (agreement per
-- inspector and category): the inspector's name and grade, the lead's grade.
CREATE FUNCTION triage_site_regrades(p_from timestamptz, p_to timestamptz, p_other_benches boolean)
RETURNS TABLE (inspector text, category text, grade text, lead_grade text, regraded_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT COALESCE(us.name, i.inspector, '?'), u.category, i.grade, c.lead_grade, c.regraded_at
    FROM calibrations c
    JOIN triage_me() me ON c.site_id = me.site_id AND (NOT p_other_benches OR c.bench_id <> me.bench_id)
    JOIN units u ON u.id = c.unit_id
    JOIN inspections i ON i.unit_id = c.unit_id
    LEFT JOIN users us ON us.site_id = c.site_id AND us.badge = i.inspector
    WHERE c.regraded_at >= p_from AND c.regraded_at < p_to
    ORDER BY c.regraded_at
$$;
REVOKE ALL ON FUNCTION triage_site_regrades(timestamptz, timestamptz, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION triage_site_regrades(timestamptz, timestamptz, boolean) TO triage_bench;
