-- A unit the inspector left unconfirmed ends 'dropped' (the item was put aside or
-- scanned by mistake): like a unit sent back, it is no unit received, so conflicts
-- (received twice, more than expected) do not count it. A conflict already found
-- while it was under inspection stays for a lead to settle.

CREATE OR REPLACE FUNCTION triage_find_conflicts(p_site text, p_returns text[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    INSERT INTO conflicts (site_id, kind, return_number, line_no, detail)
    SELECT p_site, 'received_twice', u.return_number, u.line_no,
           jsonb_build_object('benches', jsonb_agg(DISTINCT b.name ORDER BY b.name))
    FROM units u JOIN benches b ON b.id = u.bench_id
    WHERE u.site_id = p_site AND u.return_number = ANY (p_returns) AND u.line_no IS NOT NULL
      AND u.state NOT IN ('sent_back', 'dropped')
    GROUP BY u.return_number, u.line_no
    HAVING count(DISTINCT u.bench_id) > 1
    ON CONFLICT (site_id, kind, return_number, line_no)
        DO UPDATE SET detail = EXCLUDED.detail WHERE conflicts.detail IS DISTINCT FROM EXCLUDED.detail;

    INSERT INTO conflicts (site_id, kind, return_number, line_no, detail)
    SELECT p_site, 'more_than_expected', u.return_number, u.line_no,
           jsonb_build_object('expected', l.quantity, 'received', count(*))
    FROM units u JOIN return_lines l
      ON l.site_id = u.site_id AND l.return_number = u.return_number AND l.line_no = u.line_no
    WHERE u.site_id = p_site AND u.return_number = ANY (p_returns) AND u.state NOT IN ('sent_back', 'dropped')
    GROUP BY u.return_number, u.line_no, l.quantity
    HAVING count(*) > l.quantity
    ON CONFLICT (site_id, kind, return_number, line_no)
        DO UPDATE SET detail = EXCLUDED.detail WHERE conflicts.detail IS DISTINCT FROM EXCLUDED.detail;

    INSERT INTO conflicts (site_id, kind, return_number, line_no, detail)
    SELECT p_site, 'cancelled_after_receipt', r.return_number, 0,
           jsonb_build_object('parcels', count(p.id), 'first_received_at', min(p.received_at))
    FROM returns r JOIN parcels p ON p.site_id = r.site_id AND p.return_number = r.return_number
    WHERE r.site_id = p_site AND r.return_number = ANY (p_returns) AND r.status = 'cancelled'
    GROUP BY r.return_number
    ON CONFLICT (site_id, kind, return_number, line_no) DO NOTHING;
END $$;
REVOKE ALL ON FUNCTION triage_find_conflicts(text, text[]) FROM PUBLIC;
