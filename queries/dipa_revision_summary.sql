-- DIPA revisions per satker and year: how many revisions, the DIPA total before the first and
-- after the last (first -> last change, in rupiah and percent), when they happened (first and
-- last date) and their cadence: revisions per month ("2024-03: 2, 2024-07: 1") and the mean
-- days between dated revisions. The initial total is the AWAL row, or for revisions stated in
-- prose the first revision's amount less the change it states.
-- @param year: only this reporting year (default: all years)
-- @param satker: only this satker id ("16.10") or satker whose name contains this text
WITH per_doc AS (
    SELECT
        doc_id,
        CAST(count(*) FILTER (WHERE seq >= 1) AS INTEGER) AS revisions,
        coalesce(
            max(amount) FILTER (WHERE seq = 0),
            arg_min(amount - delta, seq) FILTER (WHERE seq >= 1 AND delta IS NOT NULL)
        ) AS first_amount,
        arg_max(amount, seq) FILTER (WHERE amount IS NOT NULL) AS last_amount,
        min(date) FILTER (WHERE seq >= 1) AS first_date,
        max(date) FILTER (WHERE seq >= 1) AS last_date,
        count(date) FILTER (WHERE seq >= 1) AS dated,
        string_agg(DISTINCT origin, ', ') AS origin,
        min(line) AS line,
        min(page) AS page
    FROM dipa_revisions
    GROUP BY doc_id
),
months AS (
    SELECT doc_id, strftime(date, '%Y-%m') AS month, count(*) AS n
    FROM dipa_revisions
    WHERE seq >= 1 AND date IS NOT NULL
    GROUP BY ALL
),
cadence AS (
    SELECT
        doc_id,
        string_agg(month || ': ' || n, ', ' ORDER BY month) AS by_month,
        CAST(count(*) AS INTEGER) AS active_months
    FROM months
    GROUP BY doc_id
)
SELECT
    ds.satker_id,
    coalesce(r.label, d.satker) AS satker,
    r.province,
    d.year,
    x.revisions,
    x.first_amount,
    x.last_amount,
    x.last_amount - x.first_amount AS change,
    round(100.0 * (x.last_amount - x.first_amount) / nullif(x.first_amount, 0), 2) AS change_pct,
    x.first_date,
    x.last_date,
    c.by_month,
    coalesce(c.active_months, 0) AS active_months,
    round(date_diff('day', x.first_date, x.last_date) / nullif(x.dated - 1, 0), 1) AS mean_days_between,
    x.origin,
    d.source,
    x.page,
    x.line
FROM per_doc AS x
JOIN documents AS d USING (doc_id)
LEFT JOIN cadence AS c USING (doc_id)
LEFT JOIN document_satker AS ds USING (doc_id)
LEFT JOIN satker_ref AS r ON r.satker_id = ds.satker_id
WHERE (CAST($year AS INTEGER) IS NULL OR d.year = CAST($year AS INTEGER))
  AND (CAST($satker AS VARCHAR) IS NULL OR ds.satker_id = CAST($satker AS VARCHAR)
       OR coalesce(r.label, d.satker) ILIKE '%' || CAST($satker AS VARCHAR) || '%')
ORDER BY satker, d.year, d.source;
