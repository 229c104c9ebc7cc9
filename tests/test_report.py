"""lkj report: one self-contained HTML file, checked in headless Chromium on the 50 x 3 archive.

Chromium (Debian package ``chromium``) loads the page from disk: it must load without console
errors, its charts must render (a screenshot that is not blank and shows the bar colour), and
the figures of the database must be on the page, with a page per satker.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ARCHIVE_SATKER

from lkj import db
from lkj.cli import main
from lkj.report import fmt_pct, fmt_rp, satker_anchor

CONSOLE = re.compile(r"CONSOLE\(\d+\)|Uncaught", re.IGNORECASE)


def chromium_path() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        if os.environ.get("CI") == "true":
            pytest.fail(
                "chromium is not installed (CI=true); `make test` installs it with make deps-test"
            )
        pytest.skip(
            "chromium is not installed (apt-get install chromium) - the browser test needs it"
        )
    return exe


def chromium(page: Path, tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [
        chromium_path(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
        f"--user-data-dir={tmp / 'profile'}", "--enable-logging=stderr", "--v=0",
        "--virtual-time-budget=5000", *args, page.resolve().as_uri(),
    ]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)


def console_errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if CONSOLE.search(line)]


@pytest.fixture(scope="module")
def report(comparison_archive: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    result = CliRunner().invoke(
        main, ["report", "--db", str(comparison_archive[1]), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert f"{ARCHIVE_SATKER} satker" in result.stderr
    return out


@pytest.fixture(scope="module")
def dom(report: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    tmp = tmp_path_factory.mktemp("chromium")
    done = chromium(report, tmp, "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    assert console_errors(done.stderr) == []
    return done.stdout


def rows(dbp: Path, sql: str) -> list[tuple]:
    con = db.open_db(dbp, read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_the_file_is_self_contained(report: Path) -> None:
    html = report.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']https?:""", html)
    assert "<link" not in html and "@import" not in html and "<script src" not in html


def test_page_loads_in_chromium_without_errors(dom: str, report: Path) -> None:
    body = re.search(r"<body([^>]*)>", dom)
    assert body is not None
    attrs = body.group(1)
    assert 'data-ready="1"' in attrs  # the inline script ran to its end
    assert "data-js-errors" not in attrs
    charts = int(re.search(r'data-charts="(\d+)"', attrs).group(1))  # type: ignore[union-attr]
    assert charts == report.read_text(encoding="utf-8").count('class="chart"') >= 5


def test_console_error_detection_works(tmp_path: Path) -> None:
    """The check above would see a script error: a page with one is caught."""
    bad = tmp_path / "bad.html"
    bad.write_text("<html><body><script>undefinedFunction();</script></body></html>", "utf-8")
    done = chromium(bad, tmp_path, "--dump-dom")
    assert console_errors(done.stderr), done.stderr[-1000:]


def test_charts_render(report: Path, tmp_path: Path) -> None:
    from PIL import Image

    shot = tmp_path / "shot.png"
    done = chromium(report, tmp_path, f"--screenshot={shot}", "--window-size=1200,1600")
    assert shot.is_file(), done.stderr[-2000:]
    img = Image.open(shot).convert("RGB")
    raw = img.tobytes()  # RGB triples
    pixels = [tuple(raw[i : i + 3]) for i in range(0, len(raw), 3)]
    ink = sum(1 for p in pixels if sum(p) < 720)
    bars = sum(
        1 for r, g, b in pixels if abs(r - 43) < 25 and abs(g - 108) < 25 and abs(b - 176) < 25
    )
    assert ink > 0.05 * len(pixels), "the page is nearly blank"
    assert bars > 20_000, (
        f"too few bar-coloured pixels ({bars}): the absorption chart did not render"
    )


class _Sections(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.satker: list[str] = []
        self.bars: dict[str, float] = {}
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "section" and a.get("class") == "satker":
            self.satker.append(a.get("data-satker-id") or "")
        if tag == "rect" and a.get("data-label") and a.get("data-value"):
            self.bars.setdefault(str(a["data-label"]), float(a["data-value"] or 0))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_one_page_per_satker_and_the_figures_of_the_database(
    dom: str, comparison_archive: tuple[Path, Path]
) -> None:
    dbp = comparison_archive[1]
    parsed = _Sections()
    parsed.feed(dom)
    ids = [r[0] for r in rows(dbp, "SELECT DISTINCT satker_id FROM document_satker ORDER BY 1")]
    assert sorted(parsed.satker) == ids and len(ids) == ARCHIVE_SATKER
    for satker_id in ids:
        assert f'id="{satker_anchor(satker_id)}"' in dom
    text = " ".join(parsed.text)
    latest = rows(dbp, "SELECT max(year) FROM documents")[0][0]
    absorption = rows(
        dbp,
        f"SELECT label, pagu, realisasi, absorption_pct FROM ({_query('absorption_ranking')}) AS x "
        f"JOIN satker_ref ON satker_ref.satker_id = x.satker_id WHERE year = {latest}",
    )
    assert len(absorption) == ARCHIVE_SATKER
    for label, pagu, realisasi, pct in absorption:
        assert parsed.bars[label] == pct  # the bar of the latest year (drawn first)
        assert fmt_rp(pagu) in text and fmt_rp(realisasi) in text and fmt_pct(pct) in text
    total = sum(p for _, p, _, _ in absorption)
    assert fmt_rp(total) in text  # overview: pagu of the latest year, all satker
    (n_docs,) = rows(dbp, "SELECT count(*) FROM documents WHERE status = 'ok'")[0]
    assert re.search(rf'data-figure="documents"><b>{n_docs}</b>', dom)


def test_findings_link_to_the_page_and_row(tmp_path: Path) -> None:
    """A database with findings: each is listed under its satker with a link to the report file."""
    from html import escape

    from lkj.corpus import generate_archive
    from lkj.ingest import ingest

    folder = tmp_path / "dirty"
    generate_archive(folder, n_satker=2, years=(2024,), seed=3, inject="all")
    dbp = tmp_path / "dirty.duckdb"
    ingest([folder], dbp, progress=False, workers=0)
    out = tmp_path / "r.html"
    assert CliRunner().invoke(main, ["report", "--db", str(dbp), "--out", str(out)]).exit_code == 0
    html = out.read_text(encoding="utf-8")
    findings = rows(dbp, "SELECT source, line, message FROM findings WHERE severity <> 'info'")
    assert findings
    for source, line, message in findings:
        uri = (folder / source).resolve().as_uri()
        assert f'href="{uri}"' in html and f"line {line}" in html
        assert escape(message) in html
    assert html.count('<tr class="error">') + html.count('<tr class="warning">') >= 2 * len(
        findings
    )


def _query(name: str) -> str:
    from lkj.cli import query_files

    text = query_files()[name].read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("--"))
    return re.sub(r"CAST\(\$\w+ AS \w+\)", "NULL", body).strip().rstrip(";")
