-- Decisions stored before rule sets became data (walking skeleton) lack the fields
-- a decision now carries. Fill them from what the old decision and its row hold, so
-- today's work, reprints and amendments keep reading them. Fields that were never
-- recorded get neutral values (empty rule hash, no facts beyond those kept).
UPDATE inspections
SET decision = json_set(
    decision,
    '$.gradeInfo', json_object(
        'grade', json_extract(decision, '$.grade'),
        'label', json_object('en', json_extract(decision, '$.grade'), 'fr', json_extract(decision, '$.grade')),
        'ebayConditionId', json('null'),
        'amazonCondition', json('null'),
        'ctia', json('null')),
    '$.routed', json(json_extract(decision, '$.destination')),
    '$.refundRule', '',
    '$.flagRules', json('[]'),
    '$.held', json(CASE WHEN json_array_length(decision, '$.flags') > 0 THEN 'true' ELSE 'false' END),
    '$.because', json('[]'),
    '$.summary', '',
    '$.unitValueCents', 0,
    '$.asked', json('[]'),
    '$.rulesHash', '',
    '$.facts', json_object(
        'category', json_extract(decision, '$.category'),
        'reason', 'UNKNOWN',
        'days_since_purchase', json_extract(decision, '$.daysSincePurchase'),
        'window_days', json_extract(decision, '$.windowDays'),
        'unit_value_cents', 0,
        'wrong_item', json(CASE WHEN EXISTS (SELECT 1 FROM json_each(decision, '$.flags') WHERE value = 'wrong_item') THEN 'true' ELSE 'false' END),
        'over_quantity', json(CASE WHEN EXISTS (SELECT 1 FROM json_each(decision, '$.flags') WHERE value = 'over_quantity') THEN 'true' ELSE 'false' END),
        'stock_need', 'unknown',
        'expected_serials', json('[]'),
        'raised', json('[]')),
    '$.answers', json(answers))
WHERE json_type(decision, '$.facts') IS NULL;
