"""The bad-input corpus (tests/bad_inputs.py) in one batch: every broken or hostile file gets
its expected documents row within a bounded time, the files lkj can read despite their damage
load exactly like their clean twins, and nothing extracted is left behind."""

from __future__ import annotations

import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bad_inputs import (
    BATCH_SECONDS,
    CASES,
    FILE_SECONDS,
    NON_ASCII,
    Case,
    demo_text,
    encrypted_pdf,
    image_bomb_pdf,
    many_pages_pdf,
    write_corpus,
    write_twins,
    zero_page_pdf,
)

from lkj import db
from lkj.errors import LkjError, UnreadableFile
from lkj.extract.pdf_triage import open_pdf
from lkj.extract.text_reader import decode_text, read_text
from lkj.ingest import IngestSummary, ingest

COUNTS = [f"n_{t}" for t in db.RECORD_TABLES if t != "findings"] + ["n_issues"]


@dataclass
class Run:
    summary: IngestSummary
    seconds: float
    rows: dict[str, dict[str, Any]]
    twins: dict[str, dict[str, Any]]
    tmp: Path
    root: Path


def documents(path: Path) -> dict[str, dict[str, Any]]:
    """source -> the documents row, with its issue messages under "issues"."""
    con = db.open_db(path, read_only=True)
    try:
        cur = con.execute("SELECT * FROM documents")
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
        issues = con.execute("SELECT doc_id, message FROM issues").fetchall()
    finally:
        con.close()
    for row in rows:
        row["issues"] = [m for d, m in issues if d == row["doc_id"]]
    return {row["source"]: row for row in rows}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    root = tmp_path_factory.mktemp("bad_inputs")
    write_corpus(root / "corpus")
    write_twins(root / "twins")
    tmp = root / "tmp"  # where archives are extracted, to see that nothing stays
    tmp.mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(tempfile, "tempdir", str(tmp))
        t0 = time.perf_counter()
        summary = ingest([root / "corpus"], root / "bad.duckdb", progress=False)
        seconds = time.perf_counter() - t0
    ingest([root / "twins"], root / "clean.duckdb", progress=False)
    return Run(
        summary,
        seconds,
        documents(root / "bad.duckdb"),
        documents(root / "clean.duckdb"),
        tmp,
        root,
    )


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_file_gets_its_expected_row(run: Run, case: Case) -> None:
    row = run.rows.get(case.name)
    assert row is not None, f"{case.name}: no documents row"
    assert row["status"] == case.status, row["error"]
    if case.error is None:
        assert row["error"] is None
    else:
        assert row["error"] is not None and re.search(case.error, row["error"]), row["error"]
        assert "\n" not in row["error"] and "Traceback" not in row["error"]
    if case.warning is not None:
        assert any(re.search(case.warning, m) for m in row["issues"]), row["issues"]
    if case.status == "failed":
        assert all(row[c] == 0 for c in COUNTS)


@pytest.mark.parametrize("case", [c for c in CASES if c.twin], ids=lambda c: c.name)
def test_readable_files_load_like_their_clean_twin(run: Run, case: Case) -> None:
    row, twin = run.rows[case.name], run.twins[case.twin or ""]
    assert {c: row[c] for c in COUNTS if c != "n_issues"} == {
        c: twin[c] for c in COUNTS if c != "n_issues"
    }
    for key in ("status", "satker", "year", "n_lines", "n_pages"):
        assert row[key] == twin[key], key
    # the only issue a twin lacks is the warning naming the encoding that was assumed
    extra = [m for m in row["issues"] if m not in twin["issues"]]
    assert extra == ([m for m in extra if re.search(case.warning, m)] if case.warning else [])


def test_the_good_reports_carry_records(run: Run) -> None:
    for name in ("good_report.txt", "good_report.pdf"):
        row = run.rows[name]
        assert row["n_performance"] > 0 and row["n_budget_lines"] > 0, name


def test_every_file_within_bounded_time(run: Run) -> None:
    timed = {name: row["seconds"] for name, row in run.rows.items() if row["seconds"] is not None}
    slow = {name: s for name, s in timed.items() if s > FILE_SECONDS}
    assert not slow, f"over {FILE_SECONDS} s: {slow}"
    assert run.seconds < BATCH_SECONDS
    assert len(run.rows) == len(CASES)  # one row each, nothing else
    failed = sum(c.status == "failed" for c in CASES)
    assert (run.summary.failed, run.summary.ok) == (failed, len(CASES) - failed)


def test_nothing_extracted_is_left_behind(run: Run) -> None:
    assert list(run.tmp.iterdir()) == []
    escaped = [p for p in run.root.rglob("escaped.txt")]
    assert escaped == []


# --------------------------------------------------------------------------- readers alone


@pytest.mark.parametrize(
    ("codec", "warning"),
    [
        ("cp1252", "not valid UTF-8; decoded as Windows-1252"),
        ("utf-16", "decoded as UTF-16-LE (byte-order mark)"),
        ("utf-16-le", "no byte-order mark; decoded as UTF-16-LE (NUL bytes in every other position)"),
        ("utf-16-be", "no byte-order mark; decoded as UTF-16-BE (NUL bytes in every other position)"),
        ("utf-32", "decoded as UTF-32-LE (byte-order mark)"),
        ("utf-8-sig", None),
        ("utf-8", None),
    ],
)  # fmt: skip
def test_encodings_decode_to_the_same_text(tmp_path: Path, codec: str, warning: str | None) -> None:
    text = demo_text("kpu-kab-ogan-ilir_2024.txt") + NON_ASCII
    path = tmp_path / "r.txt"
    path.write_bytes(text.encode(codec))
    doc = read_text(path)
    assert "\n".join(line.text for line in doc.lines) == text.replace("\f", "")
    assert doc.warnings == ([warning] if warning else [])


def test_undefined_windows_1252_bytes_are_counted() -> None:
    text, warnings = decode_text(b"Rp 1.000 \x81\x8d dan \xe9", "x.txt")
    assert text == "Rp 1.000 \ufffd\ufffd dan \u00e9"
    assert warnings == ["not valid UTF-8; decoded as Windows-1252 (2 bytes undefined in it replaced by U+FFFD)"]  # fmt: skip


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"\xef\xbb\xbf  \r\n", "empty file"),
        ("  \n".encode("utf-16"), "empty file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), r"binary content \(NUL bytes\)"),
        (b"\x00A" * 100 + b"\x00\x00" * 50, r"binary content \(NUL bytes\)"),
        (b"\xff\xfeA\x00\x00\xd8", r"invalid UTF-16-LE text"),
        (bytes(range(1, 32)) * 40, r"binary content \(control characters\)"),
    ],
)
def test_files_that_are_no_text_fail_clearly(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    with pytest.raises(UnreadableFile, match=reason):
        read_text(path)


def test_a_huge_text_file_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import lkj.extract.text_reader as text_reader

    monkeypatch.setattr(text_reader, "MAX_TEXT_BYTES", 1000)
    path = tmp_path / "big.txt"
    path.write_text("LAPORAN KINERJA\n" * 100)
    with pytest.raises(UnreadableFile, match=r"text file too large \(1,600 bytes > limit 1,000\)"):
        read_text(path)


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"GIF89a\x01\x00", "GIF image"),
        (b"II*\x00\x08\x00", "TIFF image"),
        (b"PK\x03\x04\x14\x00", "ZIP archive or Office document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1", "old Office document"),
        (b"{\\rtf1\\ansi", "RTF document"),
        (b"<html><body>x</body></html>", "HTML"),
        (b"Laporan Kinerja", "other data"),
    ],
)
def test_what_a_file_named_pdf_really_is(tmp_path: Path, head: bytes, kind: str) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(head + bytes(64))
    with pytest.raises(UnreadableFile, match=rf"no PDF header \({re.escape(kind)}\)$"):
        open_pdf(path)


def test_an_encrypted_pdf_does_not_leave_its_error_to_the_next(tmp_path: Path) -> None:
    """pdfium keeps the password error of one document when it refuses the next one without
    pages; the reason must be this file's own, whatever was opened before."""
    encrypted_pdf("rahasia")(tmp_path / "enc.pdf")
    (tmp_path / "zero.pdf").write_bytes(zero_page_pdf())
    (tmp_path / "cut.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<</Type/Catalog")
    for name, reason in [
        ("enc.pdf", r"encrypted PDF \(password required\)$"),
        ("zero.pdf", r"PDF has no pages$"),
        ("enc.pdf", r"encrypted PDF \(password required\)$"),
        ("cut.pdf", r"not a PDF or damaged: (?!.*password)"),
    ]:
        with pytest.raises(UnreadableFile, match=reason):
            open_pdf(tmp_path / name)


def test_page_limit_is_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(many_pages_pdf(30))
    with pytest.raises(UnreadableFile, match=r"too many pages \(30 > limit 20;"):
        open_pdf(path, max_pages=20)
    monkeypatch.setenv("LKJ_MAX_PAGES", "25")
    with pytest.raises(UnreadableFile, match=r"too many pages \(30 > limit 25;"):
        open_pdf(path)
    monkeypatch.setenv("LKJ_MAX_PAGES", "30")
    pdf = open_pdf(path)
    assert len(pdf) == 30
    pdf.close()
    monkeypatch.setenv("LKJ_MAX_PAGES", "many")
    with pytest.raises(LkjError, match="LKJ_MAX_PAGES must be a positive whole number, not 'many'"):
        open_pdf(path)


def test_image_limit_is_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bomb.pdf"
    path.write_bytes(image_bomb_pdf(side=2000))  # 4 Mpx
    monkeypatch.setenv("LKJ_MAX_IMAGE_PIXELS", "3000000")
    with pytest.raises(UnreadableFile, match=r"2000 x 2000 px \(4 Mpx > limit 3 Mpx;"):
        open_pdf(path)
    monkeypatch.setenv("LKJ_MAX_IMAGE_PIXELS", "5000000")
    pdf = open_pdf(path)
    assert len(pdf) == 1
    pdf.close()
