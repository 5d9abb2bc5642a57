-- The central database: every bench's work, and what benches pull (returns, rule
-- sets, users). PostgreSQL 15+. Append-only once released: change by adding a migration.
--
-- Who may do what:
--   * the owner (whoever runs `triage central migrate`) owns every table;
--   * `triage_bench` is the group role of every bench login. A bench reads its own
--     site's returns, rule sets and users, and inserts its own results; row-level
--     security checks the site and the bench on every row, from the login role
--     itself (`triage_me()`), so a bench cannot claim to be another one.
--
-- Pull cursors: every pulled table carries `txid`, the id of the transaction that
-- last wrote the row. A bench asks for rows with txid >= its cursor and then moves
-- the cursor to the xmin of the snapshot it read with, so a transaction that
-- commits late with an older id is still ahead of the cursor (never skipped).

DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'triage_bench') THEN
        CREATE ROLE triage_bench NOLOGIN;
    END IF;
END $$;

CREATE TABLE sites (
    id         text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{1,32}$'),
    name       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE benches (
    id         uuid PRIMARY KEY,
    site_id    text NOT NULL REFERENCES sites (id),
    name       text NOT NULL,
    role_name  name NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (site_id, name)
);

-- The bench behind the login role of this session (none for other roles).
CREATE FUNCTION triage_me() RETURNS TABLE (bench_id uuid, site_id text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS
$$ SELECT b.id, b.site_id FROM public.benches b WHERE b.role_name = session_user $$;
REVOKE ALL ON FUNCTION triage_me() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION triage_me() TO triage_bench;

CREATE FUNCTION triage_site() RETURNS text
LANGUAGE sql STABLE AS $$ SELECT site_id FROM triage_me() $$;
CREATE FUNCTION triage_bench_id() RETURNS uuid
LANGUAGE sql STABLE AS $$ SELECT bench_id FROM triage_me() $$;

-- Stamps a pulled row with the writing transaction's id.
CREATE FUNCTION triage_stamp_txid() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN NEW.txid := pg_current_xact_id(); RETURN NEW; END $$;

-- ---------------------------------------------------------------- pulled by benches

CREATE TABLE users (
    id         uuid PRIMARY KEY,
    site_id    text NOT NULL REFERENCES sites (id),
    badge      text NOT NULL,
    name       text NOT NULL,
    role       text NOT NULL CHECK (role IN ('inspector', 'lead', 'admin')),
    pin_hash   text NOT NULL DEFAULT '',   -- argon2 PHC string, never a PIN
    active     boolean NOT NULL DEFAULT true,
    txid       xid8 NOT NULL DEFAULT pg_current_xact_id(),
    UNIQUE (site_id, badge)
);

CREATE TABLE rule_sets (
    site_id      text NOT NULL REFERENCES sites (id),
    hash         text NOT NULL,            -- SHA-256 of the file's bytes
    version      text NOT NULL,
    source       text NOT NULL,
    text         text NOT NULL,
    in_force     boolean NOT NULL DEFAULT false,
    published_at timestamptz NOT NULL DEFAULT now(),
    txid         xid8 NOT NULL DEFAULT pg_current_xact_id(),
    PRIMARY KEY (site_id, hash)
);
CREATE UNIQUE INDEX rule_sets_one_in_force ON rule_sets (site_id) WHERE in_force;

CREATE TABLE returns (
    site_id       text NOT NULL REFERENCES sites (id),
    return_number text NOT NULL,
    order_number  text NOT NULL,
    channel       text NOT NULL,
    customer_name text NOT NULL,
    created_on    date NOT NULL,
    purchased_on  date NOT NULL,
    window_days   integer NOT NULL CHECK (window_days >= 0),
    status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'cancelled')),
    imported_at   timestamptz NOT NULL DEFAULT now(),
    txid          xid8 NOT NULL DEFAULT pg_current_xact_id(),
    PRIMARY KEY (site_id, return_number)
);

CREATE TABLE return_lines (
    site_id          text NOT NULL,
    return_number    text NOT NULL,
    line_no          integer NOT NULL,
    sku              text NOT NULL,
    gtin             text NOT NULL,
    description      text NOT NULL,
    category         text NOT NULL,
    quantity         integer NOT NULL CHECK (quantity > 0),
    unit_price_cents bigint NOT NULL CHECK (unit_price_cents >= 0),
    reason           text NOT NULL,
    comment          text,
    expected_serials jsonb NOT NULL DEFAULT '[]',
    tags             jsonb NOT NULL DEFAULT '[]',
    PRIMARY KEY (site_id, return_number, line_no),
    FOREIGN KEY (site_id, return_number) REFERENCES returns (site_id, return_number) ON DELETE CASCADE
);

CREATE TABLE tracking_numbers (
    site_id         text NOT NULL,
    tracking_number text NOT NULL,
    return_number   text NOT NULL,
    PRIMARY KEY (site_id, tracking_number),
    FOREIGN KEY (site_id, return_number) REFERENCES returns (site_id, return_number) ON DELETE CASCADE
);
CREATE INDEX tracking_numbers_return ON tracking_numbers (site_id, return_number);

CREATE TRIGGER users_txid BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION triage_stamp_txid();
CREATE TRIGGER rule_sets_txid BEFORE UPDATE ON rule_sets FOR EACH ROW EXECUTE FUNCTION triage_stamp_txid();
CREATE TRIGGER returns_txid BEFORE UPDATE ON returns FOR EACH ROW EXECUTE FUNCTION triage_stamp_txid();
CREATE INDEX users_pull ON users (site_id, txid);
CREATE INDEX rule_sets_pull ON rule_sets (site_id, txid);
CREATE INDEX returns_pull ON returns (site_id, txid);

-- ---------------------------------------------------------------- pushed by benches
-- Every id is a UUID made on the bench; pushing the same row again changes nothing.

CREATE TABLE parcels (
    id            uuid PRIMARY KEY,
    site_id       text NOT NULL REFERENCES sites (id),
    bench_id      uuid NOT NULL REFERENCES benches (id),
    scanned       text NOT NULL,
    return_number text,
    received_at   timestamptz NOT NULL
);
CREATE INDEX parcels_return ON parcels (site_id, return_number);

-- A unit's row changes as it moves on; `rev` (the bench's change number) keeps
-- an older change that arrives late from undoing a newer one.
CREATE TABLE units (
    id            uuid PRIMARY KEY,
    site_id       text NOT NULL REFERENCES sites (id),
    bench_id      uuid NOT NULL REFERENCES benches (id),
    parcel_id     uuid NOT NULL REFERENCES parcels (id),
    return_number text,
    line_no       integer,
    scanned       text NOT NULL,
    category      text NOT NULL,
    state         text NOT NULL,
    lpn           text,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    rev           bigint NOT NULL
);
CREATE INDEX units_line ON units (site_id, return_number, line_no);

CREATE TABLE inspections (
    id            uuid PRIMARY KEY,
    site_id       text NOT NULL REFERENCES sites (id),
    bench_id      uuid NOT NULL REFERENCES benches (id),
    unit_id       uuid NOT NULL UNIQUE REFERENCES units (id),
    bench         text NOT NULL,
    rules_version text NOT NULL,
    rules_hash    text NOT NULL,
    answers       jsonb NOT NULL,
    grade         text NOT NULL,
    disposition   text NOT NULL,
    destination   text NOT NULL,
    refund_kind   text NOT NULL,
    flags         jsonb NOT NULL,
    rule_id       text NOT NULL,
    decision      jsonb NOT NULL,     -- with its explanation, facts and answers
    confirmed_at  timestamptz NOT NULL
);
CREATE INDEX inspections_site_time ON inspections (site_id, confirmed_at);

-- A lead's overrides and re-dispositions (the inspection row is never changed).
CREATE TABLE overrides (
    id               uuid PRIMARY KEY,
    site_id          text NOT NULL REFERENCES sites (id),
    bench_id         uuid NOT NULL REFERENCES benches (id),
    unit_id          uuid NOT NULL REFERENCES units (id),
    seq              integer NOT NULL,
    kind             text NOT NULL,
    from_disposition text NOT NULL,
    to_disposition   text NOT NULL,
    from_destination text NOT NULL,
    to_destination   text NOT NULL,
    request          jsonb NOT NULL,
    before           jsonb NOT NULL,
    after            jsonb NOT NULL,
    reason           text NOT NULL,
    by_whom          text NOT NULL,
    at               timestamptz NOT NULL,
    UNIQUE (unit_id, seq)
);

CREATE TABLE labels (
    id         uuid PRIMARY KEY,
    site_id    text NOT NULL REFERENCES sites (id),
    bench_id   uuid NOT NULL REFERENCES benches (id),
    unit_id    uuid NOT NULL REFERENCES units (id),
    lpn        text NOT NULL,
    template   text NOT NULL,
    created_at timestamptz NOT NULL
);

-- Print jobs without their bytes: where each label went and how it ended.
CREATE TABLE print_jobs (
    id         uuid PRIMARY KEY,
    site_id    text NOT NULL REFERENCES sites (id),
    bench_id   uuid NOT NULL REFERENCES benches (id),
    lpn        text NOT NULL,
    printer    text NOT NULL,
    format     text NOT NULL,
    state      text NOT NULL,
    attempts   integer NOT NULL,
    last_error text,
    reprint_of uuid,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    rev        bigint NOT NULL
);

-- What an ERP/WMS consumes: where stock went. Written here, from inspections and
-- overrides, never by a bench directly.
CREATE TABLE inventory_events (
    seq         bigserial PRIMARY KEY,
    site_id     text NOT NULL REFERENCES sites (id),
    unit_id     uuid NOT NULL REFERENCES units (id),
    source_id   uuid NOT NULL,            -- the inspection or override it comes from
    kind        text NOT NULL CHECK (kind IN ('restocked', 'to_refurbish', 'to_liquidation', 'disposed')),
    sku         text NOT NULL,
    quantity    integer NOT NULL,
    location    text NOT NULL,            -- bin zone, refurb queue, container, disposal stream
    at          timestamptz NOT NULL,
    UNIQUE (source_id)
);

CREATE TABLE audit_log (
    id        uuid PRIMARY KEY,
    site_id   text NOT NULL REFERENCES sites (id),
    bench_id  uuid NOT NULL REFERENCES benches (id),
    seq       bigint NOT NULL,
    at        timestamptz NOT NULL,
    actor     text NOT NULL,
    action    text NOT NULL,
    subject   text NOT NULL,
    detail    jsonb NOT NULL,
    prev_hash text NOT NULL,
    hash      text NOT NULL,
    UNIQUE (bench_id, seq)
);

-- Business conflicts found when benches' work meets here; each one goes to a lead.
CREATE TABLE conflicts (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    site_id       text NOT NULL REFERENCES sites (id),
    kind          text NOT NULL CHECK (kind IN ('received_twice', 'more_than_expected', 'cancelled_after_receipt')),
    return_number text NOT NULL,
    line_no       integer NOT NULL DEFAULT 0,   -- 0: the whole return
    detail        jsonb NOT NULL,
    found_at      timestamptz NOT NULL DEFAULT now(),
    txid          xid8 NOT NULL DEFAULT pg_current_xact_id(),
    UNIQUE (site_id, kind, return_number, line_no)
);
CREATE INDEX conflicts_pull ON conflicts (site_id, txid);

-- ---------------------------------------------------------------- inventory events

CREATE FUNCTION triage_stock_kind(disposition text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE disposition WHEN 'restock' THEN 'restocked' WHEN 'refurbish' THEN 'to_refurbish'
                            WHEN 'liquidate' THEN 'to_liquidation' WHEN 'dispose' THEN 'disposed' END
$$;

CREATE FUNCTION triage_inspections_stock() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public AS $$
BEGIN
    INSERT INTO inventory_events (site_id, unit_id, source_id, kind, sku, quantity, location, at)
    SELECT n.site_id, n.unit_id, n.id, triage_stock_kind(n.disposition),
           COALESCE(l.sku, u.scanned), 1, n.destination, n.confirmed_at
    FROM new_rows n
    JOIN units u ON u.id = n.unit_id
    LEFT JOIN return_lines l ON l.site_id = u.site_id AND l.return_number = u.return_number AND l.line_no = u.line_no
    WHERE NOT COALESCE((n.decision ->> 'held')::boolean, false)
      AND triage_stock_kind(n.disposition) IS NOT NULL
    ON CONFLICT (source_id) DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER inspections_stock AFTER INSERT ON inspections
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION triage_inspections_stock();

-- An override that changes where the unit goes is a new movement.
CREATE FUNCTION triage_overrides_stock() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public AS $$
BEGIN
    INSERT INTO inventory_events (site_id, unit_id, source_id, kind, sku, quantity, location, at)
    SELECT n.site_id, n.unit_id, n.id, triage_stock_kind(n.to_disposition),
           COALESCE(l.sku, u.scanned), 1, n.to_destination, n.at
    FROM new_rows n
    JOIN units u ON u.id = n.unit_id
    LEFT JOIN return_lines l ON l.site_id = u.site_id AND l.return_number = u.return_number AND l.line_no = u.line_no
    WHERE (n.from_disposition, n.from_destination) IS DISTINCT FROM (n.to_disposition, n.to_destination)
      AND NOT COALESCE((n.after ->> 'held')::boolean, false)
      AND triage_stock_kind(n.to_disposition) IS NOT NULL
    ON CONFLICT (source_id) DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER overrides_stock AFTER INSERT ON overrides
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION triage_overrides_stock();

-- ---------------------------------------------------------------- grants and row security

GRANT USAGE ON SCHEMA public TO triage_bench;
GRANT SELECT ON sites, users, rule_sets, returns, return_lines, tracking_numbers, conflicts TO triage_bench;
GRANT SELECT (id, site_id, name) ON benches TO triage_bench;
GRANT SELECT, INSERT ON parcels, inspections, overrides, labels, audit_log TO triage_bench;
GRANT SELECT, INSERT, UPDATE ON units, print_jobs TO triage_bench;

ALTER TABLE sites ENABLE ROW LEVEL SECURITY;
ALTER TABLE benches ENABLE ROW LEVEL SECURITY;
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE rule_sets ENABLE ROW LEVEL SECURITY;
ALTER TABLE returns ENABLE ROW LEVEL SECURITY;
ALTER TABLE return_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE tracking_numbers ENABLE ROW LEVEL SECURITY;
ALTER TABLE conflicts ENABLE ROW LEVEL SECURITY;
ALTER TABLE parcels ENABLE ROW LEVEL SECURITY;
ALTER TABLE units ENABLE ROW LEVEL SECURITY;
ALTER TABLE inspections ENABLE ROW LEVEL SECURITY;
ALTER TABLE overrides ENABLE ROW LEVEL SECURITY;
ALTER TABLE labels ENABLE ROW LEVEL SECURITY;
ALTER TABLE print_jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE inventory_events ENABLE ROW LEVEL SECURITY;

-- Read: the bench's own site.
CREATE POLICY site_read ON sites FOR SELECT TO triage_bench USING (id = (SELECT triage_site()));
CREATE POLICY site_read ON benches FOR SELECT TO triage_bench USING (site_id = (SELECT triage_site()));
CREATE POLICY site_read ON users FOR SELECT TO triage_bench USING (site_id = (SELECT triage_site()));
CREATE POLICY site_read ON rule_sets FOR SELECT TO triage_bench USING (site_id = (SELECT triage_site()));
CREATE POLICY site_read ON returns FOR SELECT TO triage_bench USING (site_id = (SELECT triage_site()));
CREATE POLICY site_read ON return_lines FOR SELECT TO triage_bench USING (site_id = (SELECT triage_site()));
CREATE POLICY site_read ON tracking_numbers FOR SELECT TO triage_bench USING (site_id = (SELECT triage_site()));
CREATE POLICY site_read ON conflicts FOR SELECT TO triage_bench USING (site_id = (SELECT triage_site()));

-- Results: a bench sees and writes only its own rows.
CREATE POLICY own_rows ON parcels FOR ALL TO triage_bench
    USING (bench_id = (SELECT triage_bench_id())) WITH CHECK (bench_id = (SELECT triage_bench_id()) AND site_id = (SELECT triage_site()));
CREATE POLICY own_rows ON units FOR ALL TO triage_bench
    USING (bench_id = (SELECT triage_bench_id())) WITH CHECK (bench_id = (SELECT triage_bench_id()) AND site_id = (SELECT triage_site()));
CREATE POLICY own_rows ON inspections FOR ALL TO triage_bench
    USING (bench_id = (SELECT triage_bench_id())) WITH CHECK (bench_id = (SELECT triage_bench_id()) AND site_id = (SELECT triage_site()));
CREATE POLICY own_rows ON overrides FOR ALL TO triage_bench
    USING (bench_id = (SELECT triage_bench_id())) WITH CHECK (bench_id = (SELECT triage_bench_id()) AND site_id = (SELECT triage_site()));
CREATE POLICY own_rows ON labels FOR ALL TO triage_bench
    USING (bench_id = (SELECT triage_bench_id())) WITH CHECK (bench_id = (SELECT triage_bench_id()) AND site_id = (SELECT triage_site()));
CREATE POLICY own_rows ON print_jobs FOR ALL TO triage_bench
    USING (bench_id = (SELECT triage_bench_id())) WITH CHECK (bench_id = (SELECT triage_bench_id()) AND site_id = (SELECT triage_site()));
CREATE POLICY own_rows ON audit_log FOR ALL TO triage_bench
    USING (bench_id = (SELECT triage_bench_id())) WITH CHECK (bench_id = (SELECT triage_bench_id()) AND site_id = (SELECT triage_site()));

-- ---------------------------------------------------------------- conflicts between benches

CREATE TRIGGER conflicts_txid BEFORE UPDATE ON conflicts FOR EACH ROW EXECUTE FUNCTION triage_stamp_txid();

-- Looks at the given returns of a site and records every conflict they show:
-- a line received at two benches, more units than the return announced, a
-- cancelled return whose parcel was received anyway. Idempotent.
CREATE FUNCTION triage_find_conflicts(p_site text, p_returns text[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    INSERT INTO conflicts (site_id, kind, return_number, line_no, detail)
    SELECT p_site, 'received_twice', u.return_number, u.line_no,
           jsonb_build_object('benches', jsonb_agg(DISTINCT b.name ORDER BY b.name))
    FROM units u JOIN benches b ON b.id = u.bench_id
    WHERE u.site_id = p_site AND u.return_number = ANY (p_returns) AND u.line_no IS NOT NULL
    GROUP BY u.return_number, u.line_no
    HAVING count(DISTINCT u.bench_id) > 1
    ON CONFLICT (site_id, kind, return_number, line_no)
        DO UPDATE SET detail = EXCLUDED.detail WHERE conflicts.detail IS DISTINCT FROM EXCLUDED.detail;

    INSERT INTO conflicts (site_id, kind, return_number, line_no, detail)
    SELECT p_site, 'more_than_expected', u.return_number, u.line_no,
           jsonb_build_object('expected', l.quantity, 'received', count(*))
    FROM units u JOIN return_lines l
      ON l.site_id = u.site_id AND l.return_number = u.return_number AND l.line_no = u.line_no
    WHERE u.site_id = p_site AND u.return_number = ANY (p_returns)
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

-- What a bench may call: the same, for its own site only.
CREATE FUNCTION triage_check_returns(p_returns text[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS
$$ SELECT triage_find_conflicts(s, p_returns) FROM (SELECT triage_site() AS s) me WHERE s IS NOT NULL $$;
REVOKE ALL ON FUNCTION triage_check_returns(text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION triage_check_returns(text[]) TO triage_bench;
