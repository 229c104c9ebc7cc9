-- Capaian per satker and canonical indicator: for every report, each canonical indicator it
-- measures (a row with a realisasi or capaian; Perjanjian Kinerja rows with a target only are
-- left out), with target, realisasi and capaian as printed and parsed. Where a report measures
-- one canonical indicator on several rows, the first row with a capaian is shown and n_rows
-- says how many there are. Needs the canonical tables (lkj indicators --db FILE).
-- @param year: only this reporting year (default: all years)
-- @param satker: only this satker id ("16.10") or satker whose name contains this text
-- @param indicator: only this indicator id ("IND-...") or indicators whose name contains this text
WITH measured AS (
    SELECT
        p.*,
        m.indicator_id,
        row_number() OVER (
            PARTITION BY p.doc_id, coalesce(m.indicator_id, p.indikator)
            ORDER BY (p.capaian_value IS NULL AND p.capaian_text IS NULL), p.row_no
        ) AS pos,
        count(*) OVER (PARTITION BY p.doc_id, coalesce(m.indicator_id, p.indikator)) AS n_rows
    FROM performance AS p
    LEFT JOIN indicator_map AS m ON m.wording = p.indikator
    WHERE p.realisasi_raw IS NOT NULL OR p.capaian_raw IS NOT NULL
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
    x.target_value,
    x.realisasi_raw,
    x.realisasi_value,
    x.capaian_raw,
    x.capaian_value,
    x.capaian_text,
    x.n_rows,
    x.table_number,
    d.source,
    x.page,
    x.line
FROM measured AS x
JOIN documents AS d USING (doc_id)
LEFT JOIN document_satker AS ds USING (doc_id)
LEFT JOIN satker_ref AS r ON r.satker_id = ds.satker_id
LEFT JOIN indicators AS i ON i.indicator_id = x.indicator_id
WHERE x.pos = 1
  AND (CAST($year AS INTEGER) IS NULL OR d.year = CAST($year AS INTEGER))
  AND (CAST($satker AS VARCHAR) IS NULL OR ds.satker_id = CAST($satker AS VARCHAR)
       OR coalesce(r.label, d.satker) ILIKE '%' || CAST($satker AS VARCHAR) || '%')
  AND (CAST($indicator AS VARCHAR) IS NULL OR x.indicator_id = CAST($indicator AS VARCHAR)
       OR coalesce(i.name, x.indikator) ILIKE '%' || CAST($indicator AS VARCHAR) || '%')
ORDER BY satker, d.year, indicator, d.source;
