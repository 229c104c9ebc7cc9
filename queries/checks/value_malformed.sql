-- @rule value.malformed
-- @severity warning
-- @description A figure printed so that it cannot be read without guessing (1.328.8070), or that mixes thousands marks (4.135,440.127).
-- @tolerance every value flagged malformed, mixed_marks or words_malformed by the parsers (lkj.models.FLAGS)
WITH flagged AS (
    SELECT doc_id, source, table_number, table_index, row_index, line, page, caption, columns,
           split_part(f, ':', 1) AS field, split_part(f, ':', 2) AS flag,
           CASE split_part(f, ':', 1)
               WHEN 'pagu' THEN pagu_raw WHEN 'realisasi' THEN realisasi_raw
               WHEN 'sisa' THEN sisa_raw WHEN 'realisasi_pct' THEN realisasi_pct_raw END AS raw
    FROM (SELECT *, unnest(flags) AS f FROM budget_lines)
    UNION ALL
    SELECT doc_id, source, table_number, table_index, row_index, line, page, caption, columns,
           split_part(f, ':', 1), split_part(f, ':', 2),
           CASE split_part(f, ':', 1)
               WHEN 'pagu' THEN pagu_raw WHEN 'realisasi' THEN realisasi_raw
               ELSE realisasi_pct_raw END
    FROM (SELECT *, unnest(flags) AS f FROM pagu_history)
    UNION ALL
    SELECT d.doc_id, d.source, t.number, d.table_index, d.row_index, d.line, d.page, d.caption,
           d.columns, split_part(f, ':', 1), split_part(f, ':', 2),
           CASE split_part(f, ':', 1) WHEN 'amount' THEN d.amount_raw ELSE d.date_raw END
    FROM (SELECT *, unnest(flags) AS f FROM dipa_revisions) AS d
    LEFT JOIN tables AS t USING (doc_id, table_index)
    UNION ALL
    SELECT doc_id, source, table_number, table_index, row_index, line, page, caption, columns,
           split_part(f, ':', 1), split_part(f, ':', 2),
           CASE split_part(f, ':', 1)
               WHEN 'laki' THEN laki_raw WHEN 'perempuan' THEN perempuan_raw ELSE jumlah_raw END
    FROM (SELECT *, unnest(flags) AS f FROM tally_rows)
    UNION ALL
    SELECT doc_id, source, table_number, table_index, row_index, line, page, caption, columns,
           v.field, unnest(v.flags), v.raw
    FROM performance,
         LATERAL (VALUES ('target', target_flags, target_raw),
                         ('realisasi', realisasi_flags, realisasi_raw),
                         ('capaian', capaian_flags, capaian_raw)) AS v(field, flags, raw)
)
SELECT
    doc_id, source, table_number, table_index, row_index, line, page,
    NULL AS expected,
    raw AS actual,
    CASE flag
        WHEN 'mixed_marks' THEN field || ' ''' || raw || ''' mixes ''.'' and '','' as thousands marks; the digits were read as one number'
        ELSE field || ' ''' || raw || ''' cannot be read without guessing; kept as printed, no value'
    END AS message,
    to_json([{
        'role': field, 'raw': raw, 'value': NULL, 'line': line, 'page': page,
        'row_index': row_index, 'table_index': table_index, 'caption': caption,
        'column': field, 'column_index': TRY_CAST(json_extract(columns, '$.' || field) AS INTEGER)
    }]) AS involved
FROM flagged
WHERE flag IN ('malformed', 'mixed_marks')
