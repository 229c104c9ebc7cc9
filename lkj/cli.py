"""The ``lkj`` command: thin commands over the library API.

Data goes to stdout, progress and logs to stderr. Library errors (:class:`LkjError`) become one
line, ``error: ...``, and exit 1; usage errors exit 2 (click).
"""

from __future__ import annotations

import logging
import re
import sys
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import click

from lkj import __version__
from lkj.errors import DatabaseError, LkjError

log = logging.getLogger("lkj")

EXIT_CODES = """\b
Exit codes:
  0  success
  1  an error (printed as one line "error: ..."), a batch where some
     files failed, or an evaluation that found nothing to score
  2  usage error: unknown option, missing argument, bad value"""

FORMAT_HELP = "Output format: table for people, csv or json for scripts."


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Logs to whatever sys.stderr is at the time (test runners and progress bars swap it)."""

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def _setup_logging(verbose: int, quiet: int) -> None:
    level = logging.WARNING - 10 * verbose + 10 * quiet
    logger = logging.getLogger("lkj")
    logger.setLevel(max(logging.DEBUG, min(level, logging.CRITICAL)))
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        logger.addHandler(handler)
    # the PDF libraries narrate repairs ("Rebuilding xref table") as warnings; lkj reports what
    # matters itself, so theirs are shown only from -vv on
    for name in ("pdfminer", "playa", "camelot"):
        logging.getLogger(name).setLevel(logging.WARNING if verbose >= 2 else logging.ERROR)


class LkjGroup(click.Group):
    """A group that turns library errors into one line on stderr and exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LkjError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(1)


@click.group(
    cls=LkjGroup, epilog=EXIT_CODES, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(__version__, prog_name="lkj")
@click.option(
    "-v", "--verbose", count=True, help="More log output on stderr: -v each file, -vv debug."
)
@click.option("-q", "--quiet", count=True, help="Less log output on stderr: errors only.")
def main(verbose: int, quiet: int) -> None:
    """Turn Indonesian Laporan Kinerja (LKj) reports into structured, traceable data.

    \b
    Example:
      lkj ingest reports/ --db lkj.duckdb
      lkj query summary --db lkj.duckdb
    """
    _setup_logging(verbose, quiet)


# --------------------------------------------------------------------------- ingest


@main.command(epilog=EXIT_CODES)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="DuckDB database file (created when missing). Required unless --no-load.",
)
@click.option(
    "--force", is_flag=True, help="Re-extract files already loaded by this pipeline version."
)
@click.option(
    "--allow-failures",
    is_flag=True,
    help="Exit 0 even when some files failed (they are still recorded).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=None,
    envvar="LKJ_WORKERS",
    help="Processes that extract in parallel [default: CPUs, at most 4; env LKJ_WORKERS]. 0 extracts in this process, without limits (debugging).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=300,
    show_default=True,
    help="Seconds one document may take; past it its worker is killed and the file fails. 0: no limit.",
)
@click.option(
    "--max-memory",
    default="2G",
    show_default=True,
    metavar="SIZE",
    help="Memory (address space) one worker may use, e.g. 2G, 512M; past it the file fails. 0: no limit.",
)
@click.option(
    "--commit-every",
    type=click.FloatRange(min=0),
    default=2.0,
    show_default=True,
    metavar="SECONDS",
    help="Documents read are committed together (up to 32) at most this long after the first of them was read. 0: each document alone, as soon as it is read (slower on many small files).",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="Where documents are extracted: worker processes here, or a Ray cluster (pip install 'lkj[ray]'); --workers then counts Ray actors [default: the cluster's CPUs].",
)
@click.option(
    "--address",
    metavar="HOST:PORT",
    default=None,
    help="Ray cluster to join [default: RAY_ADDRESS, else a local one]. --engine ray only.",
)
@click.option(
    "--shards",
    "shards",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Keep the Parquet shards (DIR/<table>/<doc_id>.parquet) in DIR. --engine ray only.",
)
@click.option(
    "--no-load",
    "no_load",
    is_flag=True,
    help="Write the shards only; the database is not touched. Needs --shards, --engine ray.",
)
def ingest(
    paths: tuple[Path, ...],
    db_path: Path | None,
    force: bool,
    allow_failures: bool,
    workers: int | None,
    timeout: float,
    max_memory: str,
    commit_every: float,
    engine: Literal["local", "ray"],
    address: str | None,
    shards: Path | None,
    no_load: bool,
) -> None:
    """Extract reports and load their records into a database.

    PATHS are report files or folders (searched recursively for *.txt, *.md,
    *.markdown and *.pdf; *.truth.json is skipped). Worker processes extract;
    this process loads the documents, whole ones in each transaction (see
    --commit-every), keyed by the sha256 of their bytes, so re-ingesting
    replaces and never duplicates. Files
    already loaded by this pipeline version are skipped unless --force, so a
    run that was interrupted (even killed) resumes where it stopped. A file
    that cannot be read, or that exceeds --timeout or --max-memory, becomes a
    documents row with status 'failed' and the reason; the batch goes on.

    \b
    Example:
      lkj ingest corpus/demo --db build/demo.duckdb --force
      lkj ingest archive/ --db lkj.duckdb --workers 2 --timeout 600 --max-memory 1G
      lkj ingest a.pdf b.txt --db lkj.duckdb --allow-failures
      lkj ingest archive/ --db lkj.duckdb --engine ray --address 10.0.0.5:6379
      lkj ingest archive/ --engine ray --shards shards/ --no-load
    """
    from lkj.batch import Limits, parse_size
    from lkj.ingest import ingest as run_ingest

    try:
        memory = parse_size(max_memory)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--max-memory") from exc
    limits = Limits(timeout=timeout or None, max_memory=memory)
    if engine == "local" and (address or shards or no_load):
        raise click.UsageError("--address, --shards and --no-load need --engine ray")
    if no_load and shards is None:
        raise click.UsageError("--no-load needs --shards DIR (where the shards go)")
    if db_path is None and not no_load:
        raise click.UsageError("Missing option '--db'.")
    summary = run_ingest(
        paths,
        db_path,
        progress=True,
        force=force,
        workers=workers,
        limits=limits,
        commit_every=commit_every,
        engine=engine,
        address=address,
        shards=shards,
        load=not no_load,
    )
    partial = f" ({summary.partial} partial)" if summary.partial else ""
    read = summary.ok + summary.failed
    n = summary.workers
    speed = f"{n} worker{'s' * (n != 1)}" if n else "in-process"
    if read and summary.seconds:
        speed += f", {read / summary.seconds:.2f} files/s"
        if summary.pages:
            speed += f", {summary.pages} pages, {summary.pages / summary.seconds:.1f} pages/s"
    click.echo(
        f"files: {summary.ok} ok{partial}, {summary.failed} failed, {summary.skipped} skipped in {summary.seconds:.1f} s ({speed})"
    )
    click.echo("rows:  " + ", ".join(f"{name} {n}" for name, n in summary.rows.items()))
    if not no_load:
        click.echo(f"db:    {db_path}")
    if shards is not None:
        click.echo(f"shards: {shards}")
    for f in summary.failures:
        click.echo(f"failed: {f.path}: {f.error}")
    if summary.failed and not allow_failures:
        click.echo(
            f"error: {summary.failed} of {len(summary.files)} files failed (recorded in the database; --allow-failures to exit 0)",
            err=True,
        )
        sys.exit(1)


# --------------------------------------------------------------------------- extract / tables


def _extract(path: Path) -> Any:
    from lkj.pipeline import extract_file

    return extract_file(path)


@main.command(epilog=EXIT_CODES)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "table"]),
    default="json",
    show_default=True,
    help="json: the records as Extraction JSON (a stable contract, see docs/cli.md); table: one table per record kind.",
)
def extract(file: Path, fmt: str) -> None:
    """Extract the records of one report, without a database.

    The JSON has document, tables, performance, dipa_revisions, budget_lines,
    pagu_history and issues; every value keeps its raw text and every record its
    provenance (source, page, line, caption).

    \b
    Example:
      lkj extract report.txt > report.json
      lkj extract report.pdf --format table
    """
    from lkj.output import extraction_views, render, to_json

    extraction = _extract(file)
    if fmt == "json":
        click.echo(to_json(extraction.model_dump(mode="json")))
    else:
        click.echo(render(*extraction_views(extraction)))


@main.command(epilog=EXIT_CODES)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table for people, json for scripts.",
)
@click.option(
    "--debug-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="PDF only: write a PNG per searched page with the detected table cells drawn on it.",
)
def tables(file: Path, fmt: str, debug_dir: Path | None) -> None:
    """Show which tables were found in one report and what lkj made of them.

    For each table: where it stands (lines, page), its caption as printed and the
    caption's position (before / after / none), the kind lkj gave it and how
    confident it is, rows read and records produced, the role of each column,
    the method that read it, and the locator's notes. For a PDF, a second view
    lists the pages: why a page was searched for tables, which method found
    each table with its quality score, and every grid that was tried.
    Use it to trust or debug a result.

    \b
    Example:
      lkj tables report.txt
      lkj tables report.pdf --debug-dir build/debug
      lkj tables report.txt --format json | jq '.[] | select(.kind == "budget")'
    """
    from lkj.output import pdf_pages_view, render, tables_view, to_json

    report = None
    if file.suffix.lower() == ".pdf":
        from lkj.extract.pdf_reader import PdfReport, read_pdf
        from lkj.pipeline import extract_document

        report = PdfReport()
        extraction = extract_document(read_pdf(file, report=report))
    elif debug_dir is not None:
        raise click.UsageError("--debug-dir works on PDF files only")
    else:
        extraction = _extract(file)
    if debug_dir is not None and report is not None:
        from lkj.extract.pdf_debug import draw_pages

        written = draw_pages(file, report, debug_dir)
        click.echo(f"wrote {len(written)} page images to {debug_dir}", err=True)
    if fmt == "json":
        click.echo(to_json([t.model_dump(mode="json") for t in extraction.tables]))
        return
    click.echo(render(tables_view(extraction)))
    if report is not None:
        click.echo(render(pdf_pages_view(report)))
        click.echo(
            f"{len(report.pages)} pages in {report.seconds:.2f} s "
            f"(triage {report.triage_seconds:.2f} s, tables {report.tables_seconds:.2f} s)",
            err=True,
        )
    click.echo(f"{len(extraction.tables)} tables", err=True)


# --------------------------------------------------------------------------- sql / query

_db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="DuckDB database file written by lkj ingest.",
)
_format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help=FORMAT_HELP,
)


def _run_sql(db_path: Path, sql: str, params: dict[str, Any] | None, fmt: str, write: bool) -> None:
    import duckdb

    from lkj.db import open_db
    from lkj.output import render_rows

    con = open_db(db_path, read_only=not write)
    try:
        try:
            cursor = con.execute(sql, params) if params is not None else con.execute(sql)
            columns = [d[0] for d in cursor.description] if cursor.description else []
            rows = cursor.fetchall() if columns else []
        except duckdb.Error as exc:
            message = str(exc).splitlines()[0]
            if "read-only" in message:
                raise DatabaseError(
                    f"the database is opened read-only; pass --write to change it ({message})"
                ) from exc
            raise LkjError(message) from exc
    finally:
        con.close()
    if not columns:
        click.echo("statement executed", err=True)
        return
    click.echo(render_rows(columns, rows, fmt))
    if fmt == "table":
        click.echo(f"{len(rows)} rows", err=True)


@main.command(epilog=EXIT_CODES)
@click.argument("query")
@_db_option
@_format_option
@click.option(
    "--write",
    is_flag=True,
    help="Open the database for writing (default: read-only, so a mistyped DELETE is refused).",
)
def sql(query: str, db_path: Path | None, fmt: str, write: bool) -> None:
    """Run a SQL QUERY against the database (read-only unless --write).

    QUERY is DuckDB SQL; "-" reads it from stdin. See docs/schema.md for the
    tables and columns.

    \b
    Example:
      lkj sql "SELECT satker, year, status FROM documents" --db lkj.duckdb
      lkj sql "SELECT * FROM budget_lines WHERE is_total" --db lkj.duckdb --format csv
    """
    if db_path is None:
        raise click.UsageError("missing option '--db'")
    if query == "-":
        query = sys.stdin.read()
    _run_sql(db_path, query, None, fmt, write)


_NAME_RE = re.compile(r"^[A-Za-z0-9_]+$")
_PARAM_RE = re.compile(r"^--\s*@param\s+(\w+)\s*:\s*(.*)$")


def query_files() -> dict[str, Any]:
    """The ready queries: name -> resource (queries/NAME.sql)."""
    root = resources.files("lkj.queries")
    return {
        p.name[:-4]: p
        for p in sorted(root.iterdir(), key=lambda p: p.name)
        if p.name.endswith(".sql")
    }


def query_header(sql_text: str) -> tuple[str, dict[str, str]]:
    """The header comment of a query file: its description and its ``-- @param name: help`` lines."""
    description: list[str] = []
    params: dict[str, str] = {}
    for line in sql_text.splitlines():
        if not line.startswith("--"):
            break
        if m := _PARAM_RE.match(line):
            params[m.group(1)] = m.group(2).strip()
        else:
            text = line[2:].strip()
            if text:
                description.append(text)
    return " ".join(description), params


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{pair!r}: expected NAME=VALUE", param_hint="--param")
        out[key.strip()] = value
    return out


@main.command(epilog=EXIT_CODES)
@click.argument("name", required=False)
@_db_option
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A query parameter ($NAME in the SQL); repeat for several.",
)
@_format_option
@click.option(
    "--list",
    "list_",
    is_flag=True,
    help="List the ready queries, what each answers, and its parameters.",
)
def query(
    name: str | None, db_path: Path | None, params: tuple[str, ...], fmt: str, list_: bool
) -> None:
    """Run a ready-made query (queries/NAME.sql) against the database.

    Parameters not given are NULL, which the queries read as "all". See
    `lkj query --list` for the queries and their parameters.

    \b
    Example:
      lkj query --list
      lkj query summary --db lkj.duckdb
      lkj query performance_by_satker --db lkj.duckdb --param year=2024 --format csv
    """
    files = query_files()
    if list_:
        rows = []
        for qname, res in files.items():
            description, declared = query_header(res.read_text(encoding="utf-8"))
            rows.append([qname, description, ", ".join(f"{k}: {v}" for k, v in declared.items())])
        from lkj.output import render_rows

        click.echo(render_rows(["query", "answers", "parameters"], rows, fmt))
        return
    if name is None:
        raise click.UsageError("give a query NAME or --list")
    if not _NAME_RE.match(name) or name not in files:
        raise click.BadParameter(
            f"no query {name!r}; available: {', '.join(files)}", param_hint="NAME"
        )
    if db_path is None:
        raise click.UsageError("missing option '--db'")
    text = files[name].read_text(encoding="utf-8")
    _, declared = query_header(text)
    given = _parse_params(params)
    unknown = sorted(set(given) - set(declared))
    if unknown:
        known = ", ".join(declared) or "none"
        raise click.BadParameter(
            f"query {name!r} has no parameter {', '.join(unknown)} (parameters: {known})",
            param_hint="--param",
        )
    values = {k: given.get(k) for k in declared}
    _warn_if_stale(db_path, text)
    _run_sql(db_path, text, values if declared else None, fmt, write=False)


def _warn_if_stale(db_path: Path, sql_text: str) -> None:
    """Say on stderr when a query reads canonical tables that lag behind the records."""
    if not re.search(r"\b(document_satker|indicator_map|indicators|satker_ref)\b", sql_text):
        return
    from lkj import canon
    from lkj.db import open_db

    con = open_db(db_path, read_only=True)
    try:
        stale = canon.is_stale(con)
    finally:
        con.close()
    if stale:
        click.echo(
            f"warning: canonical satker / indicators are not up to date with the records; "
            f"run `lkj indicators --db {db_path}` (lkj report and lkj export do it themselves)",
            err=True,
        )


# --------------------------------------------------------------------------- satker / indicators


def _need_db(db_path: Path | None) -> Path:
    if db_path is None:
        raise click.UsageError("missing option '--db'")
    if not db_path.exists():
        raise DatabaseError(
            f"{db_path}: no such database (create it with `lkj ingest ... --db {db_path}`)"
        )
    return db_path


@main.command("satker", epilog=EXIT_CODES)
@_db_option
@_format_option
@click.option(
    "--problems",
    is_flag=True,
    help="Only documents whose satker is unmatched, ambiguous or unread.",
)
def satker_cmd(db_path: Path | None, fmt: str, problems: bool) -> None:
    """Match every document's satker to the canonical list and show the matches.

    Each document gets the Kemendagri code of its province or kabupaten/kota
    ("16.10" = Kabupaten Ogan Ilir, Sumatera Selatan) in the document_satker
    table. A name that matches no reference row, or several equally well, gets
    no id and is listed with the closest candidates (and lkj check reports it as
    satker.reference). lkj ingest matches documents as it loads them; run this
    after upgrading lkj or a database ingested before satker matching existed.

    \b
    Example:
      lkj satker --db lkj.duckdb
      lkj satker --db lkj.duckdb --problems --format csv
    """
    from lkj import satker
    from lkj.db import open_db
    from lkj.db_schema import transaction
    from lkj.output import render_rows

    con = open_db(_need_db(db_path))
    try:
        with transaction(con):
            n = satker.refresh(con, everything=True)
        rows = con.execute(
            "SELECT d.source, d.year, d.satker, ds.status, ds.satker_id, r.label, r.province, "
            "round(ds.score, 1), ds.note FROM documents AS d JOIN document_satker AS ds "
            "USING (doc_id) LEFT JOIN satker_ref AS r ON r.satker_id = ds.satker_id "
            "WHERE ? = false OR ds.status <> 'matched' ORDER BY d.path",
            [problems],
        ).fetchall()
        bad = con.execute(
            "SELECT count(*) FROM document_satker WHERE status <> 'matched'"
        ).fetchone()
    finally:
        con.close()
    columns = [
        "source",
        "year",
        "satker_read",
        "status",
        "satker_id",
        "canonical",
        "province",
        "score",
        "note",
    ]
    click.echo(render_rows(columns, [list(r) for r in rows], fmt))
    click.echo(f"{n} documents matched, {bad[0] if bad else 0} without a satker id", err=True)


@main.command("indicators", epilog=EXIT_CODES)
@_db_option
@_format_option
@click.option(
    "--overrides",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV with columns wording,indicator[,note]: put each wording under the canonical "
    "indicator named (its own wording keeps it apart). Replaces the stored overrides.",
)
@click.option("--clear-overrides", is_flag=True, help="Forget the stored overrides.")
def indicators_cmd(
    db_path: Path | None, fmt: str, overrides: Path | None, clear_overrides: bool
) -> None:
    """Cluster indicator wordings into canonical indicators and show the mapping.

    Wordings that name the same measure ("Persentase Partispasi Pemilih dalam
    Pemilu/Pemilihan", "Persentase partisipasi pemilih dalam Pemilu") get one
    indicator_id; a content word only one side has ("perempuan", "pemula")
    keeps two wordings apart. The result is the indicators and indicator_map
    tables; overrides are kept in indicator_overrides and apply on every
    rebuild. To override: save the mapping as CSV, keep the rows to change, edit
    their indicator column, and read it back with --overrides.

    \b
    Example:
      lkj indicators --db lkj.duckdb
      lkj indicators --db lkj.duckdb --format csv > mapping.csv
      lkj indicators --db lkj.duckdb --overrides my-overrides.csv
    """
    from lkj import indicators, satker
    from lkj.db import open_db
    from lkj.db_schema import transaction
    from lkj.output import render_rows

    rows_in = indicators.read_overrides(overrides) if overrides is not None else None
    con = open_db(_need_db(db_path))
    try:
        with transaction(con):
            if clear_overrides:
                indicators.store_overrides(con, [])
            if rows_in is not None:
                indicators.store_overrides(con, rows_in)
            satker.refresh(con)
            out = indicators.rebuild(con)
    finally:
        con.close()
    rows = [
        [
            a.indicator_id,
            a.name,
            a.wording,
            a.method,
            round(a.score, 1),
            a.n_rows,
            a.nearest_other,
            None if a.nearest_score is None else round(a.nearest_score, 1),
        ]
        for a in sorted(out, key=lambda a: (a.name.casefold(), a.method != "canonical", a.wording))
    ]
    columns = [
        "indicator_id",
        "indicator",
        "wording",
        "method",
        "score",
        "rows",
        "nearest_other",
        "nearest_score",
    ]
    click.echo(render_rows(columns, rows, fmt))
    n = len({a.indicator_id for a in out})
    extra = f", {len(rows_in)} overrides read" if rows_in is not None else ""
    click.echo(f"{len(out)} wordings in {n} canonical indicators{extra}", err=True)


# --------------------------------------------------------------------------- export / report


@main.command(epilog=EXIT_CODES)
@_db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["parquet", "csv", "xlsx"]),
    default="parquet",
    show_default=True,
    help="File format: parquet (typed, compact), csv (UTF-8, header row) or xlsx (one sheet).",
)
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write one file per table into (created when missing).",
)
@click.option("--table", "only", multiple=True, help="Only this table (repeatable).")
def export(db_path: Path | None, fmt: str, out_dir: Path, only: tuple[str, ...]) -> None:
    """Write every table of the database to a folder, one file per table.

    Every row keeps its provenance columns (source, page, line, caption,
    table_index, row_index, bbox, columns) and figures their *_raw text; the
    canonical satker and indicator tables are refreshed first. JSON and list
    columns are written as JSON text in csv and xlsx.

    \b
    Example:
      lkj export --db lkj.duckdb --out build/export
      lkj export --db lkj.duckdb --format xlsx --out build/xlsx --table performance
    """
    from lkj.canon import ensure
    from lkj.export import export_tables

    path = _need_db(db_path)
    ensure(path)
    written = export_tables(path, out_dir, fmt, list(only) or None)
    for w in written:
        click.echo(f"{w.table}\t{w.rows}\t{w.path}")
    click.echo(f"wrote {len(written)} files to {out_dir}", err=True)


@main.command(epilog=EXIT_CODES)
@_db_option
@click.option(
    "--out",
    "out_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="HTML file to write.",
)
@click.option("--title", default="LKj satker comparison", show_default=True, help="Page title.")
def report(db_path: Path | None, out_path: Path, title: str) -> None:
    """Write a visual report of the database as one self-contained HTML file.

    Overview figures, budget absorption by satker, DIPA revision timelines,
    capaian per canonical indicator, findings per satker with links to the page
    and row, and a section per satker. Charts are inline SVG; the file needs no
    network and no other file to open. The canonical satker and indicator
    tables are refreshed first when the records changed.

    \b
    Example:
      lkj report --db lkj.duckdb --out build/report.html
    """
    from lkj.canon import ensure
    from lkj.report import write_report

    path = _need_db(db_path)
    ensure(path)
    stats = write_report(path, out_path, title=title)
    click.echo(
        f"wrote {out_path}: {stats.satker} satker, {stats.documents} documents, "
        f"{stats.charts} charts, {stats.bytes // 1024} KiB",
        err=True,
    )


# --------------------------------------------------------------------------- eval / corpus


_SEVERITY = click.Choice(["error", "warning", "info"])


@main.command(epilog=EXIT_CODES)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@_db_option
@_format_option
@click.option(
    "--severity",
    type=_SEVERITY,
    default="warning",
    show_default=True,
    help="Show findings of this severity or worse (info shows everything).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info", "never"]),
    default="never",
    show_default=True,
    help="Exit 1 when a finding of this severity or worse is found (for scripts).",
)
@click.option("--rule", "only", multiple=True, help="Only this rule id or prefix (repeatable).")
@click.option(
    "--stored", is_flag=True, help="With --db: print the stored findings without re-running."
)
@click.option("--rules", "list_rules", is_flag=True, help="List the rules and exit.")
def check(
    paths: tuple[Path, ...],
    db_path: Path | None,
    fmt: str,
    severity: str,
    fail_on: str,
    only: tuple[str, ...],
    stored: bool,
    list_rules: bool,
) -> None:
    """Find places where reports contradict themselves.

    Either PATHS (report files or folders, checked in a temporary database) or
    --db FILE (a database written by lkj ingest: the rules run again over its
    records and the findings it stores are replaced). Findings are grouped by
    document with the figures side by side and where to look (table, page,
    line); --format json/csv give every value involved with its provenance.
    docs/checks.md describes each rule, its severity and tolerance.

    \b
    Example:
      lkj check report.txt
      lkj check --db lkj.duckdb --severity error --fail-on error
      lkj check --db lkj.duckdb --rule dipa --format csv > dipa.csv
      lkj check --rules
    """
    from lkj.checks import iter_rules
    from lkj.checks.engine import matches
    from lkj.checks.report import at_least, counts, render_findings, render_rules

    if list_rules:
        click.echo(render_rules(list(iter_rules()), fmt))
        return
    if bool(paths) == (db_path is not None):
        raise click.UsageError("give report files or --db FILE (one of the two)")
    if stored and db_path is None:
        raise click.UsageError("--stored needs --db")
    failures: list[tuple[str, str]] = []
    if db_path is not None:
        from lkj.checks.run import check_db_file

        findings, checked = check_db_file(db_path, list(only), stored=stored)
    else:
        from lkj.checks.run import check_files

        findings, checked, failures = check_files(list(paths), progress=True)
        findings = [f for f in findings if matches(f.rule, only)]
    shown = at_least(findings, severity)
    click.echo(render_findings(shown, fmt, checked if fmt == "table" else ()))
    c = counts(findings)
    click.echo(
        f"{len(checked)} documents checked: {c['error']} errors, {c['warning']} warnings, "
        f"{c['info']} info ({len(shown)} shown)",
        err=True,
    )
    for path, error in failures:
        click.echo(f"failed: {path}: {error}", err=True)
    if fail_on != "never" and at_least(findings, fail_on):
        sys.exit(1)
    if failures:
        click.echo(f"error: {len(failures)} files could not be read", err=True)
        sys.exit(1)


@main.command("eval", epilog=EXIT_CODES)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table for people, json for scripts and CI.",
)
@click.option(
    "--mismatches",
    type=click.IntRange(min=0),
    default=5,
    show_default=True,
    help="Show up to N mismatched records per document.",
)
@click.option(
    "--checks",
    is_flag=True,
    help="Score the consistency checks instead: precision and recall per rule against the "
    "inconsistencies the corpus generator injected (PATHS: generated reports).",
)
def eval_(paths: tuple[Path, ...], fmt: str, mismatches: int, checks: bool) -> None:
    """Score the extractor against gold: precision, recall and field accuracy.

    PATHS are reports with gold beside them (corpus/seeds/<stem>/gold.json or
    <report>.truth.json); without PATHS the seed reports are scored against
    their gold. Exits 1 when no report with gold was found or a report could
    not be extracted.

    \b
    Example:
      lkj eval
      lkj eval corpus/demo --format json --mismatches 0
      lkj eval build/generated --checks
    """
    if checks:
        from lkj.checks.score import render_score, score_checks

        if not paths:
            raise click.UsageError("--checks needs PATHS of generated reports with truth files")
        result = score_checks(paths)
        click.echo(render_score(result, show=mismatches))
        sys.exit(0 if result.documents and not result.failed else 1)
    from lkj.evaluate import run_eval

    text, code = run_eval([str(p) for p in paths], fmt, mismatches)
    click.echo(text, nl=not text.endswith("\n"))
    sys.exit(code)


@main.group(cls=LkjGroup, epilog=EXIT_CODES)
def corpus() -> None:
    """Synthetic LKj reports with known truth, for tests and evaluation.

    \b
    Example:
      lkj corpus generate --out build/corpus --satker 20 --seed 7
    """


def _parse_years(text: str) -> list[int]:
    try:
        if re.fullmatch(r"\s*\d{4}\s*-\s*\d{4}\s*", text):
            a, b = (int(x) for x in text.split("-"))
            return list(range(min(a, b), max(a, b) + 1))
        return [int(y) for y in text.split(",") if y.strip()]
    except ValueError:
        raise click.BadParameter(
            f"{text!r}: expected years like 2019,2024 or a range 2019-2024", param_hint="--years"
        ) from None


def _parse_inject(text: str) -> str | dict[str, float]:
    if text.strip() == "all":
        return "all"
    out: dict[str, float] = {}
    for part in text.split(","):
        kind, sep, rate = part.partition("=")
        try:
            value = float(rate)
        except ValueError:
            value = -1.0
        if not sep or not kind.strip() or not 0.0 <= value <= 1.0:
            raise click.BadParameter(
                f"{part!r}: expected KIND=RATE with RATE in 0..1, or 'all'", param_hint="--inject"
            )
        out[kind.strip()] = value
    return out


@corpus.command(epilog=EXIT_CODES)
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the reports and their *.truth.json into.",
)
@click.option(
    "--satker",
    "n_satker",
    type=click.IntRange(min=1),
    help="Number of satker to generate reports for.",
)
@click.option("--years", help="Reporting years: a list (2019,2024) or a range (2019-2024).")
@click.option("--seed", type=int, help="Random seed; the same seed gives the same archive.")
@click.option(
    "--inject",
    help="Inconsistencies to inject: 'all' (every kind at the default rate), or KIND=RATE,... "
    "(rate 0..1; all=RATE sets every kind).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["txt", "pdf", "scan", "both"]),
    default="txt",
    show_default=True,
    help="Write each report as text, as a PDF (ruled or borderless tables, half each; the "
    "truth gains the page of every record line), as a scanned PDF (that PDF as page images "
    "at 150 or 300 dpi, crooked and noisy, no text layer), or both text and PDF.",
)
@click.option(
    "--pages-min",
    "pages_min",
    type=click.IntRange(min=1),
    help="Pad every report with pages that carry no record (longer BAB I / II, a Lampiran) "
    "until its PDF has at least this many pages.",
)
def generate(
    out_dir: Path,
    n_satker: int | None,
    years: str | None,
    seed: int | None,
    inject: str | None,
    fmt: str,
    pages_min: int | None,
) -> None:
    """Generate an archive of synthetic reports, each with its *.truth.json.

    Options not given take the generator's defaults.

    \b
    Example:
      lkj corpus generate --out build/corpus --satker 5 --years 2019,2024 --seed 1
      lkj corpus generate --out build/dirty --inject total_mismatch=0.3,mixed_styles=0.2
      lkj corpus generate --out build/dirty --inject all
      lkj corpus generate --out build/pdf --satker 15 --format pdf --pages-min 40
      lkj corpus generate --out build/scan --satker 2 --years 2024 --format scan
    """
    import lkj.corpus

    kwargs: dict[str, Any] = {}
    if n_satker is not None:
        kwargs["n_satker"] = n_satker
    if years is not None:
        kwargs["years"] = _parse_years(years)
    if seed is not None:
        kwargs["seed"] = seed
    if inject is not None:
        kwargs["inject"] = rates = _parse_inject(inject)
        known: tuple[str, ...] = tuple(getattr(lkj.corpus, "INJECT_KINDS", ()))
        unknown = (
            sorted(set(rates) - set(known) - {"all"}) if known and isinstance(rates, dict) else []
        )
        if unknown:
            raise click.BadParameter(
                f"unknown kind {', '.join(unknown)}; known: {', '.join(known)}",
                param_hint="--inject",
            )
    if fmt != "txt":
        kwargs["formats"] = ("txt", "pdf") if fmt == "both" else (fmt,)
    if pages_min is not None:
        kwargs["min_pages"] = pages_min
    result = lkj.corpus.generate_archive(out_dir, **kwargs)
    if isinstance(result, list | tuple):
        click.echo(f"wrote {len(result)} reports to {out_dir}")
    elif result is not None:
        click.echo(str(result))
    else:
        click.echo(f"wrote the archive to {out_dir}")


if __name__ == "__main__":  # pragma: no cover
    main()
