-- What the database holds: per satker and reporting year, how many documents were read
-- (ok, partial, failed) and how many records of each kind they gave; the last row is the total.
-- Failed documents have no identity: they are counted under "(not identified)".
WITH d AS (
    SELECT coalesce(satker, '(not identified)') AS satker, * EXCLUDE (satker)
    FROM documents
)
SELECT
    CASE WHEN grouping(satker) = 1 THEN 'TOTAL' ELSE satker END AS satker,
    year,
    count(*) AS documents,
    count(*) FILTER (WHERE status = 'ok') AS ok,
    count(*) FILTER (WHERE status = 'partial') AS partial,
    count(*) FILTER (WHERE status = 'failed') AS failed,
    CAST(sum(n_tables) AS BIGINT) AS tables,
    CAST(sum(n_performance) AS BIGINT) AS performance,
    CAST(sum(n_dipa_revisions) AS BIGINT) AS dipa_revisions,
    CAST(sum(n_budget_lines) AS BIGINT) AS budget_lines,
    CAST(sum(n_pagu_history) AS BIGINT) AS pagu_history,
    CAST(sum(n_issues) AS BIGINT) AS issues
FROM d
GROUP BY GROUPING SETS ((satker, year), ())
ORDER BY grouping(satker), satker, year;
