-- Satker matches: for every document read, the canonical satker (Kemendagri code and name,
-- province) its satker name was matched to, how close the match is, and why; unmatched and
-- ambiguous documents come first. Fix them in the report or rely on the satker.reference finding.
-- @param status: only this status (matched, ambiguous, unmatched, unnamed); all when not given
SELECT
    ds.status,
    ds.satker_id,
    r.label AS canonical,
    r.province,
    d.satker AS satker_read,
    ds.province_read,
    ds.score,
    ds.note,
    d.year,
    d.source
FROM documents AS d
JOIN document_satker AS ds USING (doc_id)
LEFT JOIN satker_ref AS r ON r.satker_id = ds.satker_id
WHERE d.status <> 'failed'
  AND (CAST($status AS VARCHAR) IS NULL OR ds.status = CAST($status AS VARCHAR))
ORDER BY CASE ds.status WHEN 'matched' THEN 1 ELSE 0 END, canonical, d.year, d.source;
