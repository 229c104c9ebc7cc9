-- Consistency findings per document: how many errors, warnings and info each rule raised,
-- with the first place to look. Run `lkj check --db FILE` for the findings themselves.
-- @param severity: only this severity (error, warning, info); all when not given
SELECT
    d.satker,
    d.year,
    d.source,
    f.rule,
    f.severity,
    count(*) AS findings,
    min(f.line) AS first_line,
    first(f.message ORDER BY f.row_no) AS example
FROM findings AS f
JOIN documents AS d USING (doc_id)
WHERE $severity IS NULL OR f.severity = $severity
GROUP BY d.satker, d.year, d.source, f.rule, f.severity
ORDER BY d.source, CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, f.rule;
