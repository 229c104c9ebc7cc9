-- @rule budget.duplicate_code
-- @severity warning
-- @description One budget code printed on two or more rows with different names in the same table.
-- @tolerance codes compared with spaces removed; names compared case-insensitively, trimmed
WITH b AS (
    SELECT
        doc_id, source, table_number, table_index, row_index, line, page, caption, code, name,
        replace(code, ' ', '') AS k,
        TRY_CAST(json_extract(columns, '$.code') AS INTEGER) AS code_col
    FROM budget_lines
    WHERE code IS NOT NULL AND NOT is_total
),
dup AS (
    SELECT doc_id, table_index, k
    FROM b
    GROUP BY doc_id, table_index, k
    HAVING count(DISTINCT lower(trim(coalesce(name, '')))) > 1
)
SELECT
    b.doc_id,
    first(b.source) AS source,
    first(b.table_number) AS table_number,
    b.table_index,
    (list(b.row_index ORDER BY b.row_index))[2] AS row_index,
    (list(b.line ORDER BY b.row_index))[2] AS line,
    (list(b.page ORDER BY b.row_index))[2] AS page,
    NULL AS expected,
    first(b.code ORDER BY b.row_index) AS actual,
    'code ' || first(b.code ORDER BY b.row_index) || ' is printed on ' || count(*) || ' rows: '
        || string_agg(coalesce(b.name, '?'), '; ' ORDER BY b.row_index) AS message,
    to_json(list({
        'role': 'code', 'raw': b.code, 'value': b.name, 'line': b.line, 'page': b.page,
        'row_index': b.row_index, 'table_index': b.table_index, 'caption': b.caption,
        'column': 'code', 'column_index': b.code_col
    } ORDER BY b.row_index)) AS involved
FROM b
JOIN dup USING (doc_id, table_index, k)
GROUP BY b.doc_id, b.table_index, b.k
