-- The lkj database: what the pipeline read from each report, as DuckDB tables.
--
-- One row in `documents` per file; every other table holds the records of a
-- document and carries its `doc_id` (the sha256 of the file's bytes). Loading a
-- document deletes every row of its doc_id and inserts the new ones in one
-- transaction, so re-ingesting replaces and never duplicates.
--
-- Conventions (also in docs/schema.md):
--   * every figure keeps the text as printed in a `*_raw` column beside the parsed value;
--   * `flags` are strings from lkj.models.FLAGS; on budget and history rows they read
--     "field:flag" (e.g. "pagu:us_style");
--   * provenance columns (source, page, line, caption, table_index, row_index, bbox,
--     columns) say where to find the row: open `source` at `line` (text) or `page`.
--
-- Comments: the `-- ` comment before a CREATE TABLE documents the table; the comment at
-- the end of a column line (and any comment-only lines under it) documents the column.
-- lkj.db turns both into DuckDB COMMENTs, so `SELECT * FROM duckdb_columns()` shows them.
-- Bump lkj.db_schema.SCHEMA_VERSION and the insert at the end together, and add the step that
-- upgrades a database of the previous version to lkj.db_schema.UPGRADES.

-- Facts about the database itself, as key/value pairs (schema_version, created_with, upgraded_with).
CREATE TABLE meta (
    key VARCHAR PRIMARY KEY,  -- name of the fact, e.g. "schema_version"
    value VARCHAR NOT NULL  -- its value, as text
);

-- One row per report file: its identity (satker, year), how the run went, and record counts.
CREATE TABLE documents (
    doc_id VARCHAR PRIMARY KEY,  -- sha256 of the file's bytes; "path:<path>" when they could not be read
    path VARCHAR NOT NULL,  -- absolute path of the file when it was ingested
    source VARCHAR NOT NULL,  -- file name, as records cite it in their `source` column
    format VARCHAR,  -- text | markdown | pdf | scan (NULL when the file could not be read)
    satker VARCHAR,  -- canonical satker name, e.g. "KPU Kabupaten Ogan Ilir"
    satker_kind VARCHAR,  -- kabupaten | kota | provinsi | pusat
    region VARCHAR,  -- canonical region name, e.g. "Ogan Ilir"
    province VARCHAR,  -- province, stated or implied by the report
    year INTEGER,  -- reporting year (not the signing year, not a Renstra period)
    title VARCHAR,  -- the report's title as printed
    n_pages INTEGER,  -- pages (PDF); NULL for text conversions
    n_lines INTEGER,  -- lines of text the reader produced
    status VARCHAR NOT NULL,  -- ok | partial (read, with error-level issues) | failed (nothing read)
    error VARCHAR,  -- why the file failed, or the error-level issues of a partial document
    pipeline_version VARCHAR NOT NULL,  -- lkj.PIPELINE_VERSION that produced the rows
    ingested_at TIMESTAMP NOT NULL,  -- when the rows were written (UTC)
    seconds DOUBLE,  -- time spent extracting and loading the file
    n_tables INTEGER NOT NULL DEFAULT 0,  -- rows in `tables` for this document
    n_performance INTEGER NOT NULL DEFAULT 0,  -- rows in `performance`
    n_dipa_revisions INTEGER NOT NULL DEFAULT 0,  -- rows in `dipa_revisions`
    n_budget_lines INTEGER NOT NULL DEFAULT 0,  -- rows in `budget_lines`
    n_pagu_history INTEGER NOT NULL DEFAULT 0,  -- rows in `pagu_history`
    n_tally_rows INTEGER NOT NULL DEFAULT 0,  -- rows in `tally_rows`
    n_statements INTEGER NOT NULL DEFAULT 0,  -- rows in `statements`
    n_toc_entries INTEGER NOT NULL DEFAULT 0,  -- rows in `toc_entries`
    n_findings INTEGER NOT NULL DEFAULT 0,  -- rows in `findings`: what the checks found (0 until they are stored)
    n_issues INTEGER NOT NULL DEFAULT 0,  -- rows in `issues`
    evidence JSON  -- the text each identity field was read from: {"year": {"text", "line", "page"}, ...}
);

-- Every table the pipeline located in a document, with what it decided the table is and why.
CREATE TABLE tables (
    doc_id VARCHAR NOT NULL,  -- the document (documents.doc_id)
    table_index INTEGER NOT NULL,  -- ordinal of the table in the document, 0-based; records cite it
    kind VARCHAR NOT NULL,  -- performance | dipa_revisions | budget | pagu_history | indicator_list | other
    confidence DOUBLE NOT NULL,  -- how sure the classifier is of `kind`, 0..1
    caption VARCHAR,  -- the caption as printed, e.g. "Tabel.3.3"
    number VARCHAR,  -- the caption number, e.g. "3.3"; NULL when the table has no caption
    title VARCHAR,  -- the caption's title text
    caption_position VARCHAR NOT NULL,  -- before | after | none: where the caption stands
    page INTEGER,  -- page the table starts on
    line_start INTEGER,  -- first line of the table in the source
    line_end INTEGER,  -- last line of the table in the source
    n_rows INTEGER NOT NULL,  -- rows in the grid, header rows included
    n_records INTEGER NOT NULL,  -- records the table gave
    header JSON,  -- header cells as read (list of strings)
    columns JSON,  -- role of each column: {"indikator": 1, "target": 2, ...}
    method VARCHAR,  -- how the reader found it: tsv, pipe, pdfplumber-lines, camelot-lattice, ...
    notes JSON,  -- what the locator and classifier noticed (list of strings)
    PRIMARY KEY (doc_id, table_index)
);

-- Performance indicators: target, realisasi and capaian of each indikator kinerja.
CREATE TABLE performance (
    doc_id VARCHAR NOT NULL,  -- the document (documents.doc_id)
    row_no INTEGER NOT NULL,  -- ordinal of the record in the document, 0-based
    table_number VARCHAR,  -- caption number as printed ("3.2"); NULL when uncaptioned
    sasaran VARCHAR,  -- the strategic objective the indicator belongs to
    indikator VARCHAR NOT NULL,  -- the indicator text
    direction VARCHAR NOT NULL,  -- higher | lower: which way is better
    target_raw VARCHAR,  -- target as printed
    target_value DOUBLE,  -- target as a number (percent points for percentages)
    target_text VARCHAR,  -- target when it is not a number: a grade ("B"), an opinion ("WTP"), a date
    target_unit VARCHAR,  -- unit: "%", "laporan", "kali", ...
    target_percent DOUBLE,  -- a percentage printed beside a quantity ("1 Lembaga 100%" -> 100)
    target_kind VARCHAR,  -- money | percent | number | quantity | qualitative | date | text | empty
    target_flags VARCHAR[],  -- what the parser had to do (lkj.models.FLAGS)
    realisasi_raw VARCHAR,  -- realisasi as printed
    realisasi_value DOUBLE,  -- realisasi as a number
    realisasi_text VARCHAR,  -- realisasi when it is not a number
    realisasi_unit VARCHAR,  -- unit of realisasi
    realisasi_percent DOUBLE,  -- a percentage printed beside the realisasi quantity
    realisasi_kind VARCHAR,  -- kind of the realisasi value
    realisasi_flags VARCHAR[],  -- parser flags of realisasi
    capaian_raw VARCHAR,  -- capaian (achievement) as printed
    capaian_value DOUBLE,  -- capaian in percent points
    capaian_text VARCHAR,  -- capaian when it is not a number ("Berhasil")
    capaian_unit VARCHAR,  -- unit of capaian ("%")
    capaian_percent DOUBLE,  -- a percentage printed beside the capaian
    capaian_kind VARCHAR,  -- kind of the capaian value
    capaian_flags VARCHAR[],  -- parser flags of capaian
    flags VARCHAR[],  -- flags of the record as a whole
    source VARCHAR NOT NULL,  -- provenance: file name
    page INTEGER,  -- provenance: page of the row
    line INTEGER,  -- provenance: line of the row in the source
    caption VARCHAR,  -- provenance: caption of the table as printed
    table_index INTEGER,  -- provenance: tables.table_index of the table
    row_index INTEGER,  -- provenance: row of the table grid, 0-based
    bbox DOUBLE[],  -- provenance: x0, top, x1, bottom of the row on the page (PDF)
    columns JSON,  -- provenance: grid column of each field, {"target": 2, ...}
    ocr JSON,  -- provenance, scanned pages: how OCR read each field, {"target": {"confidence": 71.0, "read": "7O%"}}: lowest word confidence 0..100, text before repair; NULL for a text layer
    PRIMARY KEY (doc_id, row_no)
);

-- DIPA revisions: the budget document's total after each revision (seq 0 = the initial DIPA).
CREATE TABLE dipa_revisions (
    doc_id VARCHAR NOT NULL,  -- the document (documents.doc_id)
    row_no INTEGER NOT NULL,  -- ordinal of the record in the document, 0-based
    seq INTEGER NOT NULL,  -- 0 = initial DIPA ("AWAL"), then 1, 2, ... in order
    label_raw VARCHAR,  -- the revision's label as printed ("REVISI 3", "REVISI KPA")
    amount BIGINT,  -- DIPA total after this revision, rupiah
    amount_raw VARCHAR,  -- amount as printed
    date DATE,  -- date of the revision
    date_raw VARCHAR,  -- date as printed
    note VARCHAR,  -- note printed with the revision
    delta BIGINT,  -- the change this revision made, where the report states it, rupiah
    origin VARCHAR NOT NULL,  -- table | prose: read from a table row or from a sentence
    flags VARCHAR[],  -- parser flags ("amount:us_style", ...)
    source VARCHAR NOT NULL,  -- provenance: file name
    page INTEGER,  -- provenance: page
    line INTEGER,  -- provenance: line in the source
    caption VARCHAR,  -- provenance: caption of the table as printed
    table_index INTEGER,  -- provenance: tables.table_index (NULL for prose)
    row_index INTEGER,  -- provenance: row of the table grid
    bbox DOUBLE[],  -- provenance: bounding box on the page (PDF)
    columns JSON,  -- provenance: grid column of each field
    ocr JSON,  -- provenance, scanned pages: how OCR read each field, {"target": {"confidence": 71.0, "read": "7O%"}}: lowest word confidence 0..100, text before repair; NULL for a text layer
    PRIMARY KEY (doc_id, row_no)
);

-- Budget realisation lines: pagu, realisasi and sisa by jenis belanja, program, kegiatan, output.
CREATE TABLE budget_lines (
    doc_id VARCHAR NOT NULL,  -- the document (documents.doc_id)
    row_no INTEGER NOT NULL,  -- ordinal of the record in the document, 0-based
    table_number VARCHAR,  -- caption number as printed; NULL when uncaptioned
    level VARCHAR NOT NULL,  -- satker | program | kegiatan | output | jenis_belanja | other
    code VARCHAR,  -- budget code as printed ("076.01.01", "3355.003"); a code, not a number
    name VARCHAR,  -- the line's label as printed
    pagu BIGINT,  -- budget ceiling, rupiah
    realisasi BIGINT,  -- spending, rupiah
    sisa BIGINT,  -- pagu - realisasi as printed, rupiah
    realisasi_pct DOUBLE,  -- realisasi / pagu as printed, percent points
    is_total BOOLEAN NOT NULL,  -- a total row ("JUMLAH") rather than a line item
    pagu_raw VARCHAR,  -- pagu as printed
    realisasi_raw VARCHAR,  -- realisasi as printed
    sisa_raw VARCHAR,  -- sisa as printed
    realisasi_pct_raw VARCHAR,  -- realisasi_pct as printed
    flags VARCHAR[],  -- parser flags as "field:flag" ("pagu:us_style", "sisa:dash_zero")
    source VARCHAR NOT NULL,  -- provenance: file name
    page INTEGER,  -- provenance: page
    line INTEGER,  -- provenance: line in the source
    caption VARCHAR,  -- provenance: caption of the table as printed
    table_index INTEGER,  -- provenance: tables.table_index
    row_index INTEGER,  -- provenance: row of the table grid
    bbox DOUBLE[],  -- provenance: bounding box on the page (PDF)
    columns JSON,  -- provenance: grid column of each field
    ocr JSON,  -- provenance, scanned pages: how OCR read each field, {"target": {"confidence": 71.0, "read": "7O%"}}: lowest word confidence 0..100, text before repair; NULL for a text layer
    PRIMARY KEY (doc_id, row_no)
);

-- Multi-year budget history: pagu and realisasi of each fiscal year a report compares.
CREATE TABLE pagu_history (
    doc_id VARCHAR NOT NULL,  -- the document (documents.doc_id)
    row_no INTEGER NOT NULL,  -- ordinal of the record in the document, 0-based
    table_number VARCHAR,  -- caption number as printed; NULL when uncaptioned
    year INTEGER NOT NULL,  -- the fiscal year of the row (not the report's year)
    pagu BIGINT,  -- budget ceiling of that year, rupiah
    realisasi BIGINT,  -- spending of that year, rupiah
    realisasi_pct DOUBLE,  -- realisasi / pagu as printed, percent points
    pagu_raw VARCHAR,  -- pagu as printed
    realisasi_raw VARCHAR,  -- realisasi as printed
    realisasi_pct_raw VARCHAR,  -- realisasi_pct as printed
    flags VARCHAR[],  -- parser flags as "field:flag"
    source VARCHAR NOT NULL,  -- provenance: file name
    page INTEGER,  -- provenance: page
    line INTEGER,  -- provenance: line in the source
    caption VARCHAR,  -- provenance: caption of the table as printed
    table_index INTEGER,  -- provenance: tables.table_index
    row_index INTEGER,  -- provenance: row of the table grid
    bbox DOUBLE[],  -- provenance: bounding box on the page (PDF)
    columns JSON,  -- provenance: grid column of each field
    ocr JSON,  -- provenance, scanned pages: how OCR read each field, {"target": {"confidence": 71.0, "read": "7O%"}}: lowest word confidence 0..100, text before repair; NULL for a text layer
    PRIMARY KEY (doc_id, row_no)
);

-- Count breakdowns whose parts add up: DPT-style L (laki-laki) + P (perempuan) = jumlah.
CREATE TABLE tally_rows (
    doc_id VARCHAR NOT NULL,  -- the document (documents.doc_id)
    row_no INTEGER NOT NULL,  -- ordinal of the record in the document, 0-based
    table_number VARCHAR,  -- caption number as printed; NULL when uncaptioned
    label VARCHAR,  -- the row's label as printed (kecamatan, TPS, ...)
    laki BIGINT,  -- L: count of men
    perempuan BIGINT,  -- P: count of women
    jumlah BIGINT,  -- L + P as printed
    is_total BOOLEAN NOT NULL,  -- a total row ("JUMLAH") rather than a line item
    laki_raw VARCHAR,  -- L as printed
    perempuan_raw VARCHAR,  -- P as printed
    jumlah_raw VARCHAR,  -- jumlah as printed
    flags VARCHAR[],  -- parser flags as "field:flag"
    source VARCHAR NOT NULL,  -- provenance: file name
    page INTEGER,  -- provenance: page
    line INTEGER,  -- provenance: line in the source
    caption VARCHAR,  -- provenance: caption of the table as printed
    table_index INTEGER,  -- provenance: tables.table_index
    row_index INTEGER,  -- provenance: row of the table grid
    bbox DOUBLE[],  -- provenance: bounding box on the page (PDF)
    columns JSON,  -- provenance: grid column of each field
    ocr JSON,  -- provenance, scanned pages: how OCR read each field, {"target": {"confidence": 71.0, "read": "7O%"}}: lowest word confidence 0..100, text before repair; NULL for a text layer
    PRIMARY KEY (doc_id, row_no)
);

-- Figures the narrative states (pagu, realisasi, %, counts, amounts in words), for the checks.
CREATE TABLE statements (
    doc_id VARCHAR NOT NULL,  -- the document (documents.doc_id)
    row_no INTEGER NOT NULL,  -- ordinal of the statement in the document, 0-based
    kind VARCHAR NOT NULL,  -- pagu_final | pagu_initial | realisasi | realisasi_pct | indicator_count | amount
    value_raw VARCHAR,  -- the figure as printed
    value DOUBLE,  -- the figure as a number (rupiah, percent points or a count)
    value_kind VARCHAR,  -- money | percent | number | ...
    value_flags VARCHAR[],  -- parser flags of the figure
    words_raw VARCHAR,  -- the amount in words printed beside it, "(Empat belas milyar ...)"
    words_value BIGINT,  -- the amount the words spell, where they follow number grammar
    words_flags VARCHAR[],  -- parser flags of the words ("words_malformed"); NULL when none are printed
    refers_to VARCHAR,  -- a table number the sentence cites ("Berdasarkan Tabel 3.2")
    sentence VARCHAR,  -- the sentence, whitespace collapsed
    source VARCHAR NOT NULL,  -- provenance: file name
    page INTEGER,  -- provenance: page
    line INTEGER,  -- provenance: line in the source
    PRIMARY KEY (doc_id, row_no)
);

-- The report's Daftar Tabel (list of tables), one row per entry.
CREATE TABLE toc_entries (
    doc_id VARCHAR NOT NULL,  -- the document (documents.doc_id)
    row_no INTEGER NOT NULL,  -- ordinal of the entry, 0-based
    number VARCHAR NOT NULL,  -- table number as listed, e.g. "3.6"
    title VARCHAR,  -- title as listed
    page_printed VARCHAR,  -- page number the list prints
    source VARCHAR NOT NULL,  -- provenance: file name
    page INTEGER,  -- provenance: page of the list entry
    line INTEGER,  -- provenance: line of the list entry
    PRIMARY KEY (doc_id, row_no)
);

-- Consistency findings: places where a report contradicts itself (lkj check; docs/checks.md).
CREATE TABLE findings (
    doc_id VARCHAR NOT NULL,  -- the document (documents.doc_id)
    row_no INTEGER NOT NULL,  -- ordinal of the finding in the document, 0-based
    rule VARCHAR NOT NULL,  -- rule id, e.g. "capaian.formula" (lkj check --rules lists them)
    severity VARCHAR NOT NULL,  -- error | warning | info
    table_number VARCHAR,  -- caption number of the table concerned, as printed
    table_index INTEGER,  -- tables.table_index of the table concerned
    row_index INTEGER,  -- row of the table grid concerned
    expected VARCHAR,  -- what the other figures imply, formatted plainly
    actual VARCHAR,  -- what is printed
    difference DOUBLE,  -- actual - expected where both are numbers
    message VARCHAR NOT NULL,  -- the finding in one line, with the figures side by side
    assumption VARCHAR,  -- what the check assumed: formula, direction, tolerance
    involved JSON,  -- every value involved: [{"role", "raw", "value", "provenance": {...}}]
    source VARCHAR NOT NULL,  -- provenance: file name
    page INTEGER,  -- provenance: page to open first
    line INTEGER,  -- provenance: line to open first
    rules_version VARCHAR NOT NULL,  -- lkj.checks.RULES_VERSION that produced the finding
    PRIMARY KEY (doc_id, row_no)
);

-- What the pipeline noticed about a file while reading it (not consistency findings).
CREATE TABLE issues (
    doc_id VARCHAR NOT NULL,  -- the document (documents.doc_id)
    row_no INTEGER NOT NULL,  -- ordinal of the issue in the document, 0-based
    level VARCHAR NOT NULL,  -- error | warning | info
    message VARCHAR NOT NULL,  -- what happened, in one line
    line INTEGER,  -- line of the source it concerns
    page INTEGER,  -- page it concerns
    PRIMARY KEY (doc_id, row_no)
);

-- Canonical satker: the provinces and kabupaten/kota of Indonesia with their Kemendagri codes.
CREATE TABLE satker_ref (
    satker_id VARCHAR PRIMARY KEY,  -- Kemendagri code: "16" (a province), "16.10" (a kabupaten or kota)
    kind VARCHAR NOT NULL,  -- provinsi | kabupaten | kota
    name VARCHAR NOT NULL,  -- region name without its kind, e.g. "Ogan Ilir"
    label VARCHAR NOT NULL,  -- canonical satker name, e.g. "KPU Kabupaten Ogan Ilir"
    province_id VARCHAR NOT NULL,  -- code of its province, e.g. "16"
    province VARCHAR NOT NULL,  -- name of its province as the reference writes it
    reference VARCHAR NOT NULL  -- where the row comes from: package, version and decree
);

-- Which canonical satker each document is about, and how the name it prints was matched.
CREATE TABLE document_satker (
    doc_id VARCHAR PRIMARY KEY,  -- the document (documents.doc_id)
    satker_id VARCHAR,  -- satker_ref.satker_id; NULL unless status is matched
    status VARCHAR NOT NULL,  -- matched | ambiguous (several equally close) | unmatched | unnamed (no satker read)
    score DOUBLE,  -- similarity of the best candidate, 0..100 (100: same letters)
    name_read VARCHAR,  -- the kind and region the document was read as, e.g. "kabupaten Ogan Ilir"
    province_read VARCHAR,  -- the province the document names, when it names one
    candidates JSON,  -- the closest reference rows: [{"satker_id", "label", "score"}]
    note VARCHAR  -- why it matched or did not, in one line
);

-- Canonical indicators: indicator wordings that name the same measure, under one id.
CREATE TABLE indicators (
    indicator_id VARCHAR PRIMARY KEY,  -- stable id, e.g. "IND-3f9a2c1b"; kept across rebuilds
    name VARCHAR NOT NULL,  -- canonical wording: an override's name, else the most frequent wording
    n_wordings INTEGER NOT NULL,  -- distinct wordings mapped to it
    n_rows INTEGER NOT NULL,  -- performance rows mapped to it
    n_documents INTEGER NOT NULL  -- documents that report it
);

-- Every indicator wording in `performance`, with the canonical indicator it was put under.
CREATE TABLE indicator_map (
    wording VARCHAR PRIMARY KEY,  -- performance.indikator exactly as stored
    indicator_id VARCHAR NOT NULL,  -- indicators.indicator_id
    method VARCHAR NOT NULL,  -- canonical (the indicator's own wording) | same (same words) | fuzzy | override
    score DOUBLE,  -- similarity to the canonical wording, 0..100
    nearest_other VARCHAR,  -- the closest other canonical indicator (indicator_id), to review a split
    nearest_score DOUBLE,  -- its similarity, 0..100
    n_rows INTEGER NOT NULL  -- performance rows with this wording
);

-- Overrides of the indicator mapping: a wording put under the canonical indicator named here.
CREATE TABLE indicator_overrides (
    wording VARCHAR PRIMARY KEY,  -- an indicator wording (matched ignoring case, spacing and punctuation)
    indicator VARCHAR NOT NULL,  -- canonical indicator name to put it under (its own wording keeps it apart)
    note VARCHAR  -- why, as the user wrote it
);

INSERT INTO meta VALUES ('schema_version', '4');
