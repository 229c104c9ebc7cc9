"""The bad-input corpus: every kind of broken or hostile file an archive holds, generated when
needed (never committed as binary), each with the outcome lkj must give it.

:func:`write_corpus` writes the files into one folder beside three good reports; every
:class:`Case` says which ``documents`` status and error (or, for a file read with a warning,
which issue) that file must yield. Files that lkj reads despite their damage, and the good
reports, have a *twin*: the same report as a clean file, written by :func:`write_twins`, that
they must load exactly like.

    .venv/bin/python tests/bad_inputs.py --table    # ingest the corpus; file, status, error, seconds
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib import pdfencrypt
from reportlab.pdfgen import canvas

import lkj.corpus
from lkj.corpus.generator import generate_report, pick_regions, render_report_pdf

DEMO = Path(lkj.corpus.__file__).parent / "demo"
#: the per-file and whole-batch time bounds the corpus test asserts (seconds)
FILE_SECONDS = 20.0
BATCH_SECONDS = 180.0
#: a line with characters outside ASCII, appended to the re-encoded reports so that their
#: encodings differ from UTF-8 (the demo reports are plain ASCII)
NON_ASCII = "Catatan: disalin dari arsip \u2013 \u201cLKj\u201d \u00a9 KPU, Rp 1.000 \u20ac\n"


@dataclass(frozen=True)
class Case:
    """One file of the corpus and the outcome lkj must give it."""

    name: str
    what: str
    make: Callable[[Path], None]
    #: documents.status it must get
    status: str
    #: regex the documents.error must match; None: no error
    error: str | None = None
    #: regex one of its issues must match (a file read with a warning)
    warning: str | None = None
    #: the clean file (written by write_twins) it must load exactly like
    twin: str | None = None

    @property
    def reason(self) -> str | None:
        return self.error or self.warning


# --------------------------------------------------------------------------- good reports


def demo_text(name: str) -> str:
    return (DEMO / name).read_text(encoding="utf-8")


@cache
def good_pdf_bytes() -> bytes:
    """A generated report rendered as a born-digital PDF (14 pages)."""
    region = pick_regions(1, 3)[0]
    rep = generate_report(region, 2024, seed=3)
    return render_report_pdf(rep, 3).data


def text_pdf(path: Path, lines: list[str], **kw: object) -> None:
    """A one-page PDF drawn with reportlab (``encrypt=`` passes through)."""
    c = canvas.Canvas(str(path), **kw)  # type: ignore[arg-type]
    for i, line in enumerate(lines):
        c.drawString(72, 760 - 16 * i, line)
    c.showPage()
    c.save()


COVER = ["LAPORAN KINERJA", "KOMISI PEMILIHAN UMUM KABUPATEN OGAN ILIR", "TAHUN 2024"]


# --------------------------------------------------------------------------- hand-made PDFs


def pdf_bytes(objects: list[bytes]) -> bytes:
    """A PDF of the given objects (1-based, object 1 the catalog) with a correct xref."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(entries: bytes, data: bytes) -> bytes:
    return b"<<" + entries + b"/Length %d>>\nstream\n" % len(data) + data + b"\nendstream"


FONT = b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"


def many_pages_pdf(n: int) -> bytes:
    """``n`` pages sharing one content stream: a large page count in a small file."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(n))
    page = b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 3 0 R>>>>/Contents 4 0 R>>"
    return pdf_bytes(
        [
            b"<</Type/Catalog/Pages 2 0 R>>",
            b"<</Type/Pages/Kids[" + kids + b"]/Count %d>>" % n,
            FONT,
            stream(b"", b"BT /F1 12 Tf 72 760 Td (LAPORAN KINERJA) Tj ET"),
            *[page] * n,
        ]
    )


def image_bomb_pdf(side: int = 40_000) -> bytes:
    """A page of text over a ``side`` x ``side`` px Flate image: under 1 MB on disk, 1.6 Gpx
    (6.4 GB as RGBA) for a reader that decodes it whole."""
    z = zlib.compressobj(1)
    zeros = bytes(1 << 24)
    left = side * side // 8  # one bit a pixel
    parts = []
    while left:
        k = min(left, len(zeros))
        parts.append(z.compress(zeros if k == len(zeros) else zeros[:k]))
        left -= k
    parts.append(z.flush())
    image = stream(
        b"/Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace/DeviceGray"
        b"/BitsPerComponent 1/Filter/FlateDecode" % (side, side),
        b"".join(parts),
    )
    content = b"BT /F1 12 Tf 72 760 Td (Tabel 3.1 Capaian Kinerja) Tj ET q 400 0 0 400 72 200 cm /Im1 Do Q"
    return pdf_bytes(
        [
            b"<</Type/Catalog/Pages 2 0 R>>",
            b"<</Type/Pages/Kids[5 0 R]/Count 1>>",
            FONT,
            stream(b"", content),
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 3 0 R>>"
            b"/XObject<</Im1 6 0 R>>>>/Contents 4 0 R>>",
            image,
        ]
    )


def zero_page_pdf() -> bytes:
    return pdf_bytes([b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[]/Count 0>>"])


def broken_xref(data: bytes) -> bytes:
    """Every offset of the last cross-reference table wrong, and ``startxref`` past the end."""
    start = data.rindex(b"\nxref\n") + 1
    end = data.index(b"trailer", start)
    table = re.sub(rb"\d{10} 00000 n", b"0000000017 00000 n", data[start:end])
    tail = re.sub(rb"startxref\s+\d+", b"startxref\n99999999", data[end:])
    return data[:start] + table + tail


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
HTML = b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body>Not Found</body></html>\n"


# --------------------------------------------------------------------------- archives


def traversal_zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("laporan/ok.txt", demo_text("kpu-kab-ogan-ilir_2024.txt"))
        z.writestr("../../escaped.txt", "LAPORAN KINERJA\n")


def bomb_zip(path: Path, size: int = 256 * 1024**2) -> None:
    """One member of ``size`` zero bytes: about 250 KB on disk at a ratio near 1000."""
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z,
        z.open("laporan.txt", "w", force_zip64=True) as out,
    ):
        chunk = bytes(1 << 24)
        for _ in range(size // len(chunk)):
            out.write(chunk)


# --------------------------------------------------------------------------- the corpus


def _write(data: bytes | Callable[[], bytes]) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data() if callable(data) else data)


def _encoded(name: str, codec: str) -> Callable[[Path], None]:
    return lambda path: path.write_bytes((demo_text(name) + NON_ASCII).encode(codec))


def encrypted_pdf(user: str) -> Callable[[Path], None]:
    enc = pdfencrypt.StandardEncryption(user, ownerPassword="pemilik", canCopy=0, canPrint=0)
    return lambda path: text_pdf(path, COVER, encrypt=enc)


def _symlink(target: str) -> Callable[[Path], None]:
    return lambda path: os.symlink(target, path)


CASES: list[Case] = [
    Case(
        "good_report.txt",
        "a demo report",
        _write(lambda: (DEMO / "kpu-kab-dharmasraya_2024.txt").read_bytes()),
        "ok",
        twin="good_report.txt",
    ),  # fmt: skip
    Case(
        "good_report.pdf",
        "a generated report as a PDF (14 pages)",
        _write(good_pdf_bytes),
        "ok",
        twin="good_report.pdf",
    ),  # fmt: skip
    Case(
        "good_cover.pdf",
        "a one-page cover as a PDF",
        lambda p: text_pdf(p, COVER),
        "ok",
        twin="cover.pdf",
    ),  # fmt: skip
    Case(
        "truncated.pdf",
        "the good PDF cut in half",
        _write(lambda: good_pdf_bytes()[: len(good_pdf_bytes()) // 2]),
        "failed",
        r"^not a PDF or damaged",
    ),  # fmt: skip
    Case(
        "broken_xref.pdf",
        "the good PDF, every xref offset and startxref wrong",
        _write(lambda: broken_xref(good_pdf_bytes())),
        "ok",
        twin="good_report.pdf",
    ),  # fmt: skip
    Case(
        "encrypted_user.pdf",
        "encrypted with a user password",
        encrypted_pdf("rahasia"),
        "failed",
        r"^encrypted PDF \(password required\)$",
    ),  # fmt: skip
    Case(
        "encrypted_owner.pdf",
        "encrypted with an owner password only",
        encrypted_pdf(""),
        "ok",
        twin="cover.pdf",
    ),  # fmt: skip
    Case(
        "zero_pages.pdf",
        "a PDF whose page tree is empty",
        _write(zero_page_pdf),
        "failed",
        r"^PDF has no pages$",
    ),  # fmt: skip
    Case(
        "image.pdf",
        "PNG bytes named .pdf",
        _write(PNG),
        "failed",
        r"^not a PDF or damaged: no PDF header \(PNG image\)$",
    ),  # fmt: skip
    Case(
        "html.pdf",
        "an HTML error page named .pdf",
        _write(HTML),
        "failed",
        r"^not a PDF or damaged: no PDF header \(HTML\)$",
    ),  # fmt: skip
    Case(
        "pages_2000.pdf",
        "2,000 pages",
        _write(lambda: many_pages_pdf(2000)),
        "failed",
        r"^too many pages \(2000 > limit 1000; LKJ_MAX_PAGES sets it\)$",
    ),  # fmt: skip
    Case(
        "image_bomb.pdf",
        "a 40000 x 40000 px Flate image (decompression bomb)",
        _write(image_bomb_pdf),
        "failed",
        r"^image too large to decode safely: 40000 x 40000 px \(1,600 Mpx > limit 200 Mpx",
    ),  # fmt: skip
    Case(
        "windows_1252.txt",
        "a demo report in Windows-1252",
        _encoded("kpu-kab-barito-selatan_2019.txt", "cp1252"),
        "ok",
        warning=r"^not valid UTF-8; decoded as Windows-1252$",
        twin="windows_1252.txt",
    ),  # fmt: skip
    Case(
        "utf16_bom.txt",
        "a demo report in UTF-16 with a byte-order mark",
        _encoded("kpu-kab-muara-enim_2024.txt", "utf-16"),
        "ok",
        warning=r"^decoded as UTF-16-LE \(byte-order mark\)$",
        twin="utf16_bom.txt",
    ),  # fmt: skip
    Case(
        "utf16_nobom.txt",
        "a demo report in UTF-16-LE without a byte-order mark",
        _encoded("kpu-kab-ogan-ilir_2019.txt", "utf-16-le"),
        "ok",
        warning=r"^no byte-order mark; decoded as UTF-16-LE",
        twin="utf16_nobom.txt",
    ),  # fmt: skip
    Case("empty.txt", "zero bytes", _write(b""), "failed", r"^empty file$"),  # fmt: skip
    Case(
        "binary.txt",
        "binary data named .txt",
        _write(lambda: bytes(range(256)) * 64),
        "failed",
        r"^binary content \(NUL bytes\), not a text report$",
    ),  # fmt: skip
    Case(
        "traversal.zip",
        "a zip with a ../ member",
        traversal_zip,
        "failed",
        r"^unsafe zip: member '\.\./\.\./escaped\.txt' would be written outside the archive's folder; nothing extracted$",
    ),  # fmt: skip
    Case(
        "bomb.zip",
        "a zip bomb: 256 MiB of zeros in 250 KB",
        bomb_zip,
        "failed",
        r"^unsafe zip: member 'laporan\.txt' is compressed [\d,]+ to 1 \(> limit 100\): a zip bomb; nothing extracted$",
    ),  # fmt: skip
    Case(
        "loop",
        "a symbolic link to its own folder",
        _symlink("."),
        "failed",
        r"^symlink loop: loop -> \. leads back to .*; not followed$",
    ),  # fmt: skip
]


def write_corpus(folder: Path) -> list[Case]:
    """Write every case into ``folder`` (created); returns the cases."""
    folder.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        case.make(folder / case.name)
    return CASES


def write_twins(folder: Path) -> list[str]:
    """The clean files the readable cases must load exactly like; returns their names."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good_report.txt").write_bytes((DEMO / "kpu-kab-dharmasraya_2024.txt").read_bytes())
    (folder / "good_report.pdf").write_bytes(good_pdf_bytes())
    text_pdf(folder / "cover.pdf", COVER)
    for name, demo in [
        ("windows_1252.txt", "kpu-kab-barito-selatan_2019.txt"),
        ("utf16_bom.txt", "kpu-kab-muara-enim_2024.txt"),
        ("utf16_nobom.txt", "kpu-kab-ogan-ilir_2019.txt"),
    ]:
        (folder / name).write_text(demo_text(demo) + NON_ASCII, encoding="utf-8")
    return sorted(p.name for p in folder.iterdir())


# --------------------------------------------------------------------------- the table


def outcome(db_path: Path) -> dict[str, tuple[str, str | None, float | None]]:
    """source -> (status, error or the first warning naming an encoding, seconds)."""
    from lkj import db

    con = db.open_db(db_path, read_only=True)
    try:
        rows = con.execute(
            "SELECT doc_id, source, status, error, seconds FROM documents"
        ).fetchall()
        issues = con.execute("SELECT doc_id, message FROM issues ORDER BY doc_id").fetchall()
    finally:
        con.close()
    notes: dict[str, str] = {}
    for doc_id, message in issues:
        if "decoded as" in message:
            notes.setdefault(doc_id, message)
    return {src: (st, err or notes.get(doc_id), sec) for doc_id, src, st, err, sec in rows}


def print_table(folder: Path | None = None) -> int:
    """Ingest the corpus and print file, status, error, seconds; 1 when a row is unexpected."""
    from lkj.ingest import ingest

    with tempfile.TemporaryDirectory(prefix="lkj-bad-inputs-") as tmp:
        root = folder or Path(tmp)
        cases = write_corpus(root / "corpus")
        t0 = time.perf_counter()
        ingest([root / "corpus"], root / "bad.duckdb", progress=False)
        total = time.perf_counter() - t0
        got = outcome(root / "bad.duckdb")
    width = max(len(c.name) for c in cases)
    print(f"{'file':<{width}}  {'status':<7}  {'seconds':>7}  error (or warning)")
    wrong = 0
    for case in cases:
        status, error, seconds = got.get(case.name, ("MISSING", None, None))
        ok = status == case.status and (
            case.reason is None or (error is not None and re.search(case.reason, error))
        )
        wrong += not ok
        sec = "-" if seconds is None else f"{seconds:.2f}"
        print(
            f"{case.name:<{width}}  {status:<7}  {sec:>7}  {error or '-'}{'' if ok else '  <-- unexpected'}"
        )
    print(f"{len(cases)} files in {total:.1f} s, {wrong} unexpected")
    return 1 if wrong else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--table", action="store_true", help="ingest the corpus, print the table")
    parser.add_argument("--out", type=Path, help="write the corpus here instead of a temp folder")
    args = parser.parse_args(argv)
    if args.table:
        return print_table(args.out)
    if args.out is None:
        parser.error("--out DIR or --table")
    write_corpus(args.out)
    print(f"wrote {len(CASES)} files to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
