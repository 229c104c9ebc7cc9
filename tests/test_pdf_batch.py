"""A batch of PDFs with broken ones among them: each broken file is a failed documents row with
its reason, and the good files load completely."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import pdfencrypt
from test_pdf_fixtures import report_pdf
from test_pdf_reader import _text_pdf, _zero_page_pdf

from lkj import db
from lkj.ingest import ingest


def test_broken_pdfs_fail_alone_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    good = report_pdf(folder / "a_good.pdf")
    enc = pdfencrypt.StandardEncryption("secret", ownerPassword="owner")
    _text_pdf(folder / "b_encrypted.pdf", encrypt=enc)
    data = good.read_bytes()
    (folder / "c_truncated.pdf").write_bytes(data[: len(data) // 2])
    _zero_page_pdf(folder / "d_zero.pdf")

    summary = ingest([folder], tmp_path / "lkj.duckdb", progress=False)
    assert (summary.ok, summary.failed) == (1, 3)

    con = db.open_db(tmp_path / "lkj.duckdb", read_only=True)
    try:
        rows = con.execute(
            "SELECT source, status, error, n_performance + n_dipa_revisions FROM documents ORDER BY source"
        ).fetchall()
    finally:
        con.close()
    by_name = {r[0]: r for r in rows}
    assert by_name["a_good.pdf"][1] == "ok" and by_name["a_good.pdf"][3] > 0
    assert "encrypted PDF (password required)" in by_name["b_encrypted.pdf"][2]
    assert "not a PDF or damaged" in by_name["c_truncated.pdf"][2]
    assert "PDF has no pages" in by_name["d_zero.pdf"][2]
    assert all(
        by_name[n][1] == "failed" for n in ("b_encrypted.pdf", "c_truncated.pdf", "d_zero.pdf")
    )
