-- Consistency findings per satker and year: how many errors, warnings and info the checks
-- found in its reports (0 when none; every document read is counted), which rules fired, and
-- the first place to look (the first error, else warning, else info, in document order).
-- @param year: only this reporting year (default: all years)
-- @param satker: only this satker id ("16.10") or satker whose name contains this text
WITH f AS (
    SELECT
        *,
        CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END AS rank
    FROM findings
)
SELECT
    ds.satker_id,
    coalesce(r.label, d.satker, '(not identified)') AS satker,
    r.province,
    d.year,
    CAST(count(DISTINCT d.doc_id) AS INTEGER) AS documents,
    CAST(count(f.rule) FILTER (WHERE f.severity = 'error') AS INTEGER) AS errors,
    CAST(count(f.rule) FILTER (WHERE f.severity = 'warning') AS INTEGER) AS warnings,
    CAST(count(f.rule) FILTER (WHERE f.severity = 'info') AS INTEGER) AS info,
    string_agg(DISTINCT f.rule, ', ' ORDER BY f.rule) AS rules,
    first(f.source ORDER BY f.rank, f.source, f.line) AS first_source,
    first(f.line ORDER BY f.rank, f.source, f.line) AS first_line,
    first(f.message ORDER BY f.rank, f.source, f.line) AS first_message
FROM documents AS d
LEFT JOIN f USING (doc_id)
LEFT JOIN document_satker AS ds USING (doc_id)
LEFT JOIN satker_ref AS r ON r.satker_id = ds.satker_id
WHERE d.status <> 'failed'
  AND (CAST($year AS INTEGER) IS NULL OR d.year = CAST($year AS INTEGER))
  AND (CAST($satker AS VARCHAR) IS NULL OR ds.satker_id = CAST($satker AS VARCHAR)
       OR coalesce(r.label, d.satker) ILIKE '%' || CAST($satker AS VARCHAR) || '%')
GROUP BY ds.satker_id, coalesce(r.label, d.satker, '(not identified)'), r.province, d.year
ORDER BY errors DESC, warnings DESC, satker, d.year;
