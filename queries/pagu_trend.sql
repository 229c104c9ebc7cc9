-- Multi-year pagu trend per satker: the pagu and realisasi of every fiscal year, and the change
-- from the year before. A year's figure is the realisation total of that year's own report when
-- the database has it, else the row of the multi-year table (pagu_history) of the latest report
-- that lists the year; origin and report_year say which.
-- @param satker: only this satker id ("16.10") or satker whose name contains this text
-- @param from_year: only fiscal years from this one on (default: all)
WITH totals AS (
    SELECT
        b.*,
        row_number() OVER (PARTITION BY b.doc_id ORDER BY b.pagu DESC, b.row_no) AS pos
    FROM budget_lines AS b
    WHERE b.is_total AND b.pagu > 0 AND b.realisasi IS NOT NULL
),
figures AS (
    SELECT t.doc_id, d.year AS fiscal_year, t.pagu, t.realisasi, 'report total' AS origin,
           0 AS preference, t.page, t.line
    FROM totals AS t
    JOIN documents AS d USING (doc_id)
    WHERE t.pos = 1 AND d.year IS NOT NULL
    UNION ALL
    SELECT h.doc_id, h.year, h.pagu, h.realisasi, 'history table', 1, h.page, h.line
    FROM pagu_history AS h
    WHERE h.pagu IS NOT NULL
),
labelled AS (
    SELECT
        f.*,
        ds.satker_id,
        coalesce(r.label, d.satker) AS satker,
        r.province,
        d.year AS report_year,
        d.source,
        coalesce(ds.satker_id, d.satker) AS satker_key
    FROM figures AS f
    JOIN documents AS d USING (doc_id)
    LEFT JOIN document_satker AS ds USING (doc_id)
    LEFT JOIN satker_ref AS r ON r.satker_id = ds.satker_id
    WHERE coalesce(ds.satker_id, d.satker) IS NOT NULL
      AND (CAST($satker AS VARCHAR) IS NULL OR ds.satker_id = CAST($satker AS VARCHAR)
           OR coalesce(r.label, d.satker) ILIKE '%' || CAST($satker AS VARCHAR) || '%')
),
chosen AS (
    SELECT
        *,
        row_number() OVER (
            PARTITION BY satker_key, fiscal_year
            ORDER BY preference, report_year DESC, source, line
        ) AS pos
    FROM labelled
),
series AS (
    SELECT
        satker_id,
        satker,
        province,
        satker_key,
        fiscal_year,
        pagu,
        realisasi,
        round(100.0 * realisasi / nullif(pagu, 0), 2) AS absorption_pct,
        pagu - lag(pagu) OVER w AS pagu_change,
        round(100.0 * (pagu - lag(pagu) OVER w) / nullif(lag(pagu) OVER w, 0), 2) AS pagu_change_pct,
        origin,
        report_year,
        source,
        page,
        line
    FROM chosen
    WHERE pos = 1
    WINDOW w AS (PARTITION BY satker_key ORDER BY fiscal_year)
)
SELECT * EXCLUDE (satker_key)
FROM series
WHERE CAST($from_year AS INTEGER) IS NULL OR fiscal_year >= CAST($from_year AS INTEGER)
ORDER BY satker, fiscal_year;
