-- Documents that could not be read (status failed) or were read with errors (partial), and why.
-- Failed files are tried again by the next `lkj ingest`; fix the file or the pipeline first.
SELECT
    status,
    source,
    error,
    path,
    pipeline_version,
    ingested_at,
    doc_id
FROM documents
WHERE status IN ('failed', 'partial')
ORDER BY status, source;
