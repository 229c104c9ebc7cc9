-- Canonical indicators: each measure with its canonical wording, how many wordings, rows,
-- documents and satker report it, the years, and the mean and lowest capaian across satker.
-- The wordings behind each id are in indicator_map (lkj indicators --db FILE lists them).
-- @param indicator: only this indicator id ("IND-...") or indicators whose name contains this text
SELECT
    i.indicator_id,
    i.name AS indicator,
    i.n_wordings AS wordings,
    i.n_rows AS rows,
    i.n_documents AS documents,
    CAST(count(DISTINCT coalesce(ds.satker_id, d.satker)) AS INTEGER) AS satker,
    string_agg(DISTINCT CAST(d.year AS VARCHAR), ', ' ORDER BY CAST(d.year AS VARCHAR)) AS years,
    round(avg(p.capaian_value), 2) AS mean_capaian,
    min(p.capaian_value) AS min_capaian
FROM indicators AS i
JOIN indicator_map AS m USING (indicator_id)
JOIN performance AS p ON p.indikator = m.wording
JOIN documents AS d ON d.doc_id = p.doc_id
LEFT JOIN document_satker AS ds ON ds.doc_id = p.doc_id
WHERE CAST($indicator AS VARCHAR) IS NULL OR i.indicator_id = CAST($indicator AS VARCHAR)
   OR i.name ILIKE '%' || CAST($indicator AS VARCHAR) || '%'
GROUP BY ALL
ORDER BY satker DESC, documents DESC, indicator;
