-- Budget absorption ranking: per reporting year, satker ranked by realisasi / pagu (highest
-- first) of their report's realisation total (the total row with a realisasi and the largest
-- pagu), beside the percentage the report prints. rank 1 spent the largest share of its pagu;
-- satker in the ranking says how many were ranked that year.
-- @param year: only this reporting year (default: all years)
-- @param province: only satker of provinces whose name contains this text (default: all)
WITH totals AS (
    SELECT
        b.*,
        row_number() OVER (PARTITION BY b.doc_id ORDER BY b.pagu DESC, b.row_no) AS pos
    FROM budget_lines AS b
    WHERE b.is_total AND b.pagu > 0 AND b.realisasi IS NOT NULL
),
per AS (
    SELECT
        d.year,
        ds.satker_id,
        coalesce(r.label, d.satker) AS satker,
        r.province,
        t.pagu,
        t.realisasi,
        t.pagu - t.realisasi AS sisa,
        round(100.0 * t.realisasi / t.pagu, 2) AS absorption_pct,
        t.realisasi_pct AS printed_pct,
        t.table_number,
        d.source,
        t.page,
        t.line
    FROM totals AS t
    JOIN documents AS d USING (doc_id)
    LEFT JOIN document_satker AS ds USING (doc_id)
    LEFT JOIN satker_ref AS r ON r.satker_id = ds.satker_id
    WHERE t.pos = 1
      AND (CAST($year AS INTEGER) IS NULL OR d.year = CAST($year AS INTEGER))
      AND (CAST($province AS VARCHAR) IS NULL OR r.province ILIKE '%' || CAST($province AS VARCHAR) || '%')
)
SELECT
    year,
    CAST(rank() OVER (PARTITION BY year ORDER BY absorption_pct DESC) AS INTEGER) AS rank,
    CAST(count(*) OVER (PARTITION BY year) AS INTEGER) AS satker_ranked,
    * EXCLUDE (year)
FROM per
ORDER BY year, rank, satker, source;
