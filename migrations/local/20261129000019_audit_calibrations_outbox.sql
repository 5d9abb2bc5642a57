-- The audit log and blind re-grades reach central: each is a change in the outbox (written by
-- audit::append in the entry's own transaction from now on). The entries written
-- before go too, oldest first. An entry's central id is its hash, shaped as a UUID.
INSERT INTO outbox (kind, body, created_at)
SELECT 'audit', json_object('id', substr(hash, 1, 8) || '-' || substr(hash, 9, 4) || '-' || substr(hash, 13, 4) || '-' ||
                   substr(hash, 17, 4) || '-' || substr(hash, 21, 12),
       'seq', seq, 'at', at, 'actor', actor, 'action', action, 'subject', subject, 'detail', json(detail),
       'detail_text', detail, 'prev_hash', prev_hash, 'hash', hash), at
FROM audit_log ORDER BY seq;

-- Blind re-grades made before they went to central go too.
INSERT INTO outbox (kind, body, created_at)
SELECT 'calibration', json_object('id', unit_id, 'unit_id', unit_id, 'offered_at', offered_at,
       'lead_grade', lead_grade, 'lead', lead, 'regraded_at', regraded_at), regraded_at
FROM calibrations WHERE lead_grade IS NOT NULL ORDER BY regraded_at;
