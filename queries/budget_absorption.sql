-- Budget absorption per document: realisasi / pagu from the document's total row (the total row
-- with the largest pagu, i.e. the whole satker), beside the percentage the report prints.
-- Documents without a total row are not listed; their line items are in budget_lines.
-- @param year: only this reporting year (default: all years)
-- @param satker: only satker whose name contains this text, case-insensitive (default: all)
WITH totals AS (
    SELECT
        b.*,
        row_number() OVER (PARTITION BY b.doc_id ORDER BY b.pagu DESC, b.row_no) AS pos
    FROM budget_lines AS b
    WHERE b.is_total AND b.pagu > 0
)
SELECT
    d.satker,
    d.year,
    t.pagu,
    t.realisasi,
    t.sisa,
    round(100.0 * t.realisasi / t.pagu, 2) AS absorption_pct,
    t.realisasi_pct AS printed_pct,
    t.table_number,
    d.source,
    t.page,
    t.line
FROM totals AS t
JOIN documents AS d USING (doc_id)
WHERE t.pos = 1
  AND (CAST($year AS INTEGER) IS NULL OR d.year = CAST($year AS INTEGER))
  AND (CAST($satker AS VARCHAR) IS NULL OR d.satker ILIKE '%' || CAST($satker AS VARCHAR) || '%')
ORDER BY d.satker, d.year, d.source;
