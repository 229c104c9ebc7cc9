-- Every DIPA revision per satker and reporting year, in order: the DIPA total after each
-- revision, the change from the previous one (computed), and the change the report states.
-- @param year: only this reporting year (default: all years)
-- @param satker: only satker whose name contains this text, case-insensitive (default: all)
SELECT
    d.satker,
    d.year,
    r.seq,
    r.label_raw,
    r.amount,
    r.amount - lag(r.amount) OVER (PARTITION BY r.doc_id ORDER BY r.seq, r.row_no) AS change,
    r.delta AS stated_delta,
    r.date,
    r.note,
    r.origin,
    d.source,
    r.page,
    r.line
FROM dipa_revisions AS r
JOIN documents AS d USING (doc_id)
WHERE (CAST($year AS INTEGER) IS NULL OR d.year = CAST($year AS INTEGER))
  AND (CAST($satker AS VARCHAR) IS NULL OR d.satker ILIKE '%' || CAST($satker AS VARCHAR) || '%')
ORDER BY d.satker, d.year, d.source, r.seq, r.row_no;
