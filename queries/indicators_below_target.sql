-- Indicators below target: every measured indicator whose capaian is under the threshold
-- (100 % by default), or, where no capaian is printed, whose realisasi falls short of its target
-- in the indicator's direction (higher or lower is better). shortfall = threshold - capaian.
-- @param year: only this reporting year (default: all years)
-- @param satker: only this satker id ("16.10") or satker whose name contains this text
-- @param threshold: capaian under this many percent counts as below target (default 100)
WITH measured AS (
    SELECT p.*, m.indicator_id
    FROM performance AS p
    LEFT JOIN indicator_map AS m ON m.wording = p.indikator
    WHERE p.realisasi_raw IS NOT NULL OR p.capaian_raw IS NOT NULL
),
below AS (
    SELECT
        *,
        coalesce(CAST($threshold AS DOUBLE), 100.0) AS limit_pct
    FROM measured
)
SELECT
    ds.satker_id,
    coalesce(r.label, d.satker) AS satker,
    r.province,
    d.year,
    x.indicator_id,
    coalesce(i.name, x.indikator) AS indicator,
    x.indikator AS wording,
    x.direction,
    x.target_raw,
    x.realisasi_raw,
    x.capaian_raw,
    x.capaian_value,
    round(x.limit_pct - x.capaian_value, 2) AS shortfall,
    x.table_number,
    d.source,
    x.page,
    x.line
FROM below AS x
JOIN documents AS d USING (doc_id)
LEFT JOIN document_satker AS ds USING (doc_id)
LEFT JOIN satker_ref AS r ON r.satker_id = ds.satker_id
LEFT JOIN indicators AS i ON i.indicator_id = x.indicator_id
WHERE (
        x.capaian_value < x.limit_pct
        OR (x.capaian_value IS NULL AND x.target_value IS NOT NULL AND x.realisasi_value IS NOT NULL
            AND CASE x.direction WHEN 'lower' THEN x.realisasi_value > x.target_value
                                 ELSE x.realisasi_value < x.target_value END)
    )
  AND (CAST($year AS INTEGER) IS NULL OR d.year = CAST($year AS INTEGER))
  AND (CAST($satker AS VARCHAR) IS NULL OR ds.satker_id = CAST($satker AS VARCHAR)
       OR coalesce(r.label, d.satker) ILIKE '%' || CAST($satker AS VARCHAR) || '%')
ORDER BY satker, d.year, shortfall DESC NULLS LAST, x.line;
