"""Caption variants, captions below tables, the Daftar Tabel, and document identity."""

from __future__ import annotations

from pathlib import Path

import pytest

from lkj.extract.captions import assign_captions, find_captions, read_toc
from lkj.extract.identity import _PROV_MENTION, _province_mentions, read_identity
from lkj.extract.text_reader import parse_text
from lkj.pipeline import extract_document, extract_file, read_document

TABLE = "No\tIndikator Kinerja\tTarget\n1\tPersentase X\t70%\n"


@pytest.mark.parametrize(
    ("caption", "number", "title"),
    [
        ("Tabel. 3.1", "3.1", "Capaian Kinerja"),
        ("Tabel.3.3", "3.3", "Capaian Kinerja"),
        ("Tabel 3.1.", "3.1", "Capaian Kinerja"),
        ("*Tabel 3.1", "3.1", "Capaian Kinerja"),
        ("Tabel. 4", "4", "Capaian Kinerja"),
        (
            "**Tabel 3.4 Realisasi Anggaran Tahun 2024**",
            "3.4",
            "Realisasi Anggaran Tahun 2024 Capaian Kinerja",
        ),
    ],
)
def test_caption_variants_before_the_table(caption, number, title):
    doc = parse_text(f"Some prose.\n\n{caption}\nCapaian Kinerja\n\n{TABLE}")
    (cap,) = find_captions(doc)
    assert (cap.number, cap.title) == (number, title)
    (assignment,) = assign_captions(doc, [cap])
    assert assignment.position == "before" and assignment.caption is cap


def test_prose_mentions_are_not_captions():
    doc = parse_text(f"Berdasarkan Tabel 3.1 terlihat bahwa semua tercapai.\n\n{TABLE}")
    assert find_captions(doc) == []


def test_report_that_captions_below_its_tables():
    text = (
        f"## 1. Program A\n\n{TABLE}\nTabel 2.1\n\nRencana Kerja Program A\n\n"
        f"## 2. Program B\n\n{TABLE}\nTabel 2.2\n\nRencana Kerja Program B\n\nProse.\n"
    )
    doc = parse_text(text)
    assignments = assign_captions(doc, find_captions(doc))
    assert [(a.caption.number if a.caption else None, a.position) for a in assignments] == [
        ("2.1", "after"),
        ("2.2", "after"),
    ]


def test_uncaptioned_table():
    doc = parse_text(f"SASARAN 1 Meningkatnya X.\n\nCapaian indikator:\n\n{TABLE}")
    (assignment,) = assign_captions(doc, find_captions(doc))
    assert assignment.caption is None and assignment.position == "none"


def test_daftar_tabel_entries_are_read_and_not_taken_as_captions():
    text = (
        "DAFTAR TABEL\n\nTabel 2.1 Rencana Kerja\t15\nTabel 3.6 Daftar Realisasi .....\t32\n\n"
        f"BAB I\n\nTabel 3.7\nDaftar Realisasi\n\n{TABLE}"
    )
    doc = parse_text(text)
    assert [(e.number, e.page_printed, e.line) for e in read_toc(doc)] == [
        ("2.1", "15", 3),
        ("3.6", "32", 4),
    ]
    assert [c.number for c in find_captions(doc)] == ["3.7"]


def test_daftar_tabel_keeps_a_number_printed_twice_in_order():
    text = (
        "DAFTAR TABEL\n\n"
        "Tabel 3.5 Rincian Revisi\t32\n"
        "Tabel 3.6 Daftar Realisasi Berdasarkan Belanja\t32\n"
        "Tabel 3.6 Daftar Realisasi Berdasarkan Program\t33\n\n"
        f"BAB I\n\nTabel.3.7\nDaftar Realisasi\n\n{TABLE}"
    )
    doc = parse_text(text)
    toc = read_toc(doc)
    assert [(e.number, e.title, e.page_printed, e.line) for e in toc] == [
        ("3.5", "Rincian Revisi", "32", 3),
        ("3.6", "Daftar Realisasi Berdasarkan Belanja", "32", 4),
        ("3.6", "Daftar Realisasi Berdasarkan Program", "33", 5),
    ]
    extraction = extract_document(doc)
    assert extraction.toc == toc
    (table,) = [t for t in extraction.tables if t.kind == "performance"]
    assert table.number == "3.7"
    assert "caption 3.7 is not in the Daftar Tabel" in table.notes


def test_seed_000_daftar_tabel_lists_3_6_twice(seeds):
    path = next(p for p in seeds if p.name.startswith("000_"))
    toc = extract_file(path).toc
    assert [e.number for e in toc] == [
        "2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.6", "4.1",
    ]  # fmt: skip
    twice = [e for e in toc if e.number == "3.6"]
    assert [(e.line, e.page_printed) for e in twice] == [(76, "32"), (77, "33")]
    assert twice[1].title == "Daftar Realisasi Berdasarkan Program"


@pytest.mark.parametrize(
    ("cover", "satker", "kind", "region", "year"),
    [
        (
            "LAPORAN KINERJA (LKj) KOMISI PEMILIHAN UMUM KABUPATEN DHARMASRAYA\n\nTAHUN 2019\n\nPulau Punjung, 7 Maret 2020",
            "KPU Kabupaten Dharmasraya",
            "kabupaten",
            "Dharmasraya",
            2019,
        ),
        (
            "Laporan Kinerja\nSEKRETARIAT\nKomisi Pemilihan Umum\nKabupaten OGAN ILIR\nTahun 2019",
            "KPU Kabupaten Ogan Ilir",
            "kabupaten",
            "Ogan Ilir",
            2019,
        ),
        (
            "**LAPORAN KINERJA\nSEKRETARIAT KPU KOTA PAGAR ALAM\nTAHUN 2024**\n\nPagar Alam, 16 Januari 2025",
            "KPU Kota Pagar Alam",
            "kota",
            "Pagar Alam",
            2024,
        ),
        (
            "LAPORAN KINERJA 2023\nKOMISI PEMILIHAN UMUM PROVINSI SUMATERA SELATAN\nJl. Angkatan 45",
            "KPU Provinsi Sumatera Selatan",
            "provinsi",
            "Sumatera Selatan",
            2023,
        ),
    ],
)
def test_identity_from_the_cover(cover, satker, kind, region, year):
    doc = parse_text(cover + "\n\nBAB I\nPendahuluan.\n")
    ident = read_identity(doc)
    assert (ident.satker, ident.satker_kind, ident.region, ident.year) == (
        satker,
        kind,
        region,
        year,
    )
    assert ident.evidence["satker"].line is not None
    assert str(year) in ident.evidence["year"].text


def test_province_from_the_text_with_evidence():
    doc = parse_text(
        "LAPORAN KINERJA KPU KABUPATEN OGAN ILIR TAHUN 2019\n\n"
        "Rapat koordinasi di KPU Provinsi Sumatera Selatan.\n"
    )
    ident = read_identity(doc)
    assert ident.province == "Sumatera Selatan"
    assert ident.evidence["province"].line == 3


def test_daftar_tabel_reads_a_bare_chapter_number_after_the_word_tabel():
    """Regression: "Tabel 4 Realisasi ..." (a chapter's only table) was not read as an entry,
    so every report captioning "Tabel 4" got a false "not in the Daftar Tabel" warning."""
    text = (
        "DAFTAR TABEL\n\nTabel 3.6 Realisasi per Program\t33\n"
        "Tabel 4 Realisasi Anggaran per Output Tahun 2019\t36\nTabel. 5. Lampiran ..... 40\n\n"
        "BAB I\n\nSatu kalimat.\n"
    )
    doc = parse_text(text)
    assert [(e.number, e.page_printed) for e in read_toc(doc)] == [
        ("3.6", "33"),
        ("4", "36"),
        ("5", "40"),
    ]
    # a bare number without the word Tabel is a numbered list item, not an entry
    assert read_toc(parse_text("DAFTAR TABEL\n\n4 Penutup\t36\n")) == []


def test_province_mentions_as_the_pattern(seeds: list[Path]) -> None:
    """The mentions found from the case-matching hints are the case-blind pattern's own."""
    texts = ["\0".join(line.text for line in read_document(path).lines) for path in seeds] + [
        "KPU Provinsi Jawa Barat\0prov. Bali dan PROPINSI RIAU\0xprovinsi Aceh",
        "Provinsi\0Aceh\0Propinsi  Sumatera   Barat provinsi Papua Barat Daya",
        "İzin KPU Provinsi Jambi",  # a dotted capital I: lower() is longer, the pattern runs
    ]
    for text in texts:
        expected = [(m.span(), m.group(1)) for m in _PROV_MENTION.finditer(text)]
        assert [(m.span(), m.group(1)) for m in _province_mentions(text)] == expected
    assert len(list(_province_mentions(texts[-3]))) == 3  # not "xprovinsi"
