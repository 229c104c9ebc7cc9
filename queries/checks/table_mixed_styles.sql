-- @rule table.mixed_styles
-- @severity warning
-- @description One table printing rupiah amounts in both Indonesian (14.466.321.000) and US (14,989,199,000) number style.
-- @tolerance rupiah amounts with a thousands mark only; percentages and plain numbers are not counted
WITH money AS (
    SELECT doc_id, source, table_number, table_index, row_index, line, page, caption, columns,
           f.field, f.raw, list_contains(flags, f.field || ':us_style') AS us
    FROM budget_lines,
         (VALUES ('pagu'), ('realisasi'), ('sisa')) AS v(field_name),
         LATERAL (SELECT v.field_name AS field,
                         CASE v.field_name WHEN 'pagu' THEN pagu_raw
                                           WHEN 'realisasi' THEN realisasi_raw
                                           ELSE sisa_raw END AS raw) AS f
    UNION ALL
    SELECT d.doc_id, d.source, t.number, d.table_index, d.row_index, d.line, d.page, d.caption,
           d.columns, 'amount', d.amount_raw, list_contains(d.flags, 'amount:us_style')
    FROM dipa_revisions AS d
    LEFT JOIN tables AS t USING (doc_id, table_index)
    WHERE d.origin = 'table'
    UNION ALL
    SELECT doc_id, source, table_number, table_index, row_index, line, page, caption, columns,
           f.field, f.raw, list_contains(flags, f.field || ':us_style')
    FROM pagu_history,
         (VALUES ('pagu'), ('realisasi')) AS v(field_name),
         LATERAL (SELECT v.field_name AS field,
                         CASE v.field_name WHEN 'pagu' THEN pagu_raw ELSE realisasi_raw END AS raw) AS f
),
styled AS (
    SELECT *,
        CASE WHEN us THEN 'US'
             WHEN regexp_matches(raw, '\d\.\d{3}') THEN 'ID' END AS style
    FROM money
    WHERE raw IS NOT NULL
),
mixed AS (
    SELECT doc_id, table_index,
           count(*) FILTER (WHERE style = 'ID') AS n_id,
           count(*) FILTER (WHERE style = 'US') AS n_us
    FROM styled
    WHERE style IS NOT NULL AND table_index IS NOT NULL
    GROUP BY doc_id, table_index
    HAVING n_id > 0 AND n_us > 0
),
ranked AS (
    SELECT s.*, m.n_id, m.n_us,
           row_number() OVER (PARTITION BY s.doc_id, s.table_index, s.style ORDER BY s.row_index, s.field) AS k
    FROM styled AS s
    JOIN mixed AS m USING (doc_id, table_index)
    WHERE s.style IS NOT NULL
)
SELECT
    doc_id,
    first(source) AS source,
    first(table_number) AS table_number,
    table_index,
    first(row_index ORDER BY (style = CASE WHEN n_us <= n_id THEN 'US' ELSE 'ID' END) DESC, row_index) AS row_index,
    first(line ORDER BY (style = CASE WHEN n_us <= n_id THEN 'US' ELSE 'ID' END) DESC, row_index) AS line,
    first(page ORDER BY (style = CASE WHEN n_us <= n_id THEN 'US' ELSE 'ID' END) DESC, row_index) AS page,
    'one style' AS expected,
    first(n_id) || ' Indonesian, ' || first(n_us) || ' US' AS actual,
    'amounts in two number styles in one table: ' || first(n_id) || ' Indonesian (e.g. '
        || first(raw ORDER BY style = 'ID' DESC, row_index) || '), ' || first(n_us) || ' US (e.g. '
        || first(raw ORDER BY style = 'US' DESC, row_index) || ')' AS message,
    to_json(list({
        'role': style || '-style ' || field, 'raw': raw, 'value': NULL, 'line': line, 'page': page,
        'row_index': row_index, 'table_index': table_index, 'caption': caption,
        'column': field, 'column_index': TRY_CAST(json_extract(columns, '$.' || field) AS INTEGER)
    } ORDER BY row_index, field) FILTER (WHERE k <= 3)) AS involved
FROM ranked
GROUP BY doc_id, table_index
