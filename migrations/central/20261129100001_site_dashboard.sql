-- Who graded a unit reaches central (the badge), and where (the bench), and a lead at any bench
-- of a site sees the site's numbers: triage_site_units gives the units of the
-- caller's site that a dashboard counts, and nothing of the customer. Benches
-- still read and write only their own rows of units, inspections and overrides;
-- this function is their one window on the other benches' work.
ALTER TABLE parcels ADD COLUMN bench text;   -- the bench's own name for itself (e.g. S1-01)
ALTER TABLE units ADD COLUMN inspector text;
ALTER TABLE inspections ADD COLUMN inspector text;

CREATE FUNCTION triage_site_units(p_from timestamptz, p_to timestamptz, p_other_benches boolean)
RETURNS TABLE (lpn text, category text, bench text, inspector text, sku text, reason text,
               received_at timestamptz, confirmed_at timestamptz, decided_at timestamptz,
               decision text, flags text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    WITH me AS (SELECT bench_id, site_id FROM triage_me()),
    u AS (
        SELECT u.id, u.site_id, u.lpn, u.category, u.return_number, u.line_no, u.scanned,
               COALESCE(i.inspector, u.inspector) AS inspector,
               COALESCE(i.bench, p.bench, b.name) AS bench, p.received_at, i.confirmed_at,
               CASE WHEN i.id IS NULL THEN NULL
                    WHEN COALESCE((i.decision ->> 'held')::boolean, false)
                        THEN (SELECT min(o.at) FROM overrides o WHERE o.unit_id = u.id)
                    ELSE i.confirmed_at END AS decided_at,
               COALESCE((SELECT o.after FROM overrides o WHERE o.unit_id = u.id ORDER BY o.seq DESC LIMIT 1),
                        i.decision) AS decision,
               i.decision -> 'flags' AS flags
        FROM units u
        JOIN me ON u.site_id = me.site_id AND (NOT p_other_benches OR u.bench_id <> me.bench_id)
        JOIN parcels p ON p.id = u.parcel_id
        JOIN benches b ON b.id = u.bench_id
        LEFT JOIN inspections i ON i.unit_id = u.id
        WHERE u.state NOT IN ('sent_back', 'dropped')
    )
    SELECT u.lpn, u.category, u.bench, COALESCE(us.name, u.inspector), COALESCE(l.sku, u.scanned), l.reason,
           u.received_at, u.confirmed_at, u.decided_at, u.decision::text, u.flags::text
    FROM u
    LEFT JOIN users us ON us.site_id = u.site_id AND us.badge = u.inspector
    LEFT JOIN return_lines l ON l.site_id = u.site_id AND l.return_number = u.return_number AND l.line_no = u.line_no
    WHERE (u.confirmed_at >= p_from AND u.confirmed_at < p_to)
       OR (u.decided_at >= p_from AND u.decided_at < p_to)
       OR u.confirmed_at IS NULL
       OR u.decided_at IS NULL
    ORDER BY u.received_at, u.lpn
$$;
REVOKE ALL ON FUNCTION triage_site_units(timestamptz, timestamptz, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION triage_site_units(timestamptz, timestamptz, boolean) TO triage_bench;
