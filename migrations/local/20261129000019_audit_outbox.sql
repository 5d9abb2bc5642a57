-- The audit log reaches central: each entry is a change in the outbox (written by
-- audit::append in the entry's own transaction from now on). The entries written
-- before go too, oldest first. An entry's central id is its hash, shaped as a UUID.
INSERT INTO outbox (kind, body, created_at)
SELECT 'audit', json_object('id', substr(hash, 1, 8) || '-' || substr(hash, 9, 4) || '-' || substr(hash, 13, 4) || '-' ||
                   substr(hash, 17, 4) || '-' || substr(hash, 21, 12),
       'seq', seq, 'at', at, 'actor', actor, 'action', action, 'subject', subject, 'detail', json(detail),
       'detail_text', detail, 'prev_hash', prev_hash, 'hash', hash), at
FROM audit_log ORDER BY seq;
