-- Performance per satker and reporting year: indicators read, how many have a numeric capaian,
-- the average and lowest capaian (percent points), how many fall short of 100 %, and how many
-- have a doubtful value (malformed, ambiguous, mixed marks, unparsed, OCR-repaired,
-- low-confidence or from a column OCR did not recognise: check those against the page).
-- @param year: only this reporting year (default: all years)
-- @param satker: only satker whose name contains this text, case-insensitive (default: all)
SELECT
    d.satker,
    d.year,
    count(DISTINCT p.doc_id) AS documents,
    count(*) AS indicators,
    count(p.capaian_value) AS with_capaian,
    round(avg(p.capaian_value), 2) AS avg_capaian,
    min(p.capaian_value) AS min_capaian,
    count(*) FILTER (WHERE p.capaian_value < 100) AS below_100,
    count(*) FILTER (
        WHERE list_has_any(
            list_concat(p.target_flags, p.realisasi_flags, p.capaian_flags),
            [
                'malformed', 'ambiguous', 'mixed_marks', 'unparsed',
                'ocr_repaired', 'low_confidence', 'column_missing'
            ]
        )
    ) AS doubtful
FROM performance AS p
JOIN documents AS d USING (doc_id)
WHERE (CAST($year AS INTEGER) IS NULL OR d.year = CAST($year AS INTEGER))
  AND (CAST($satker AS VARCHAR) IS NULL OR d.satker ILIKE '%' || CAST($satker AS VARCHAR) || '%')
GROUP BY d.satker, d.year
ORDER BY d.satker, d.year;
