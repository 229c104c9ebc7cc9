"""Caption variants, captions below tables, the Daftar Tabel, and document identity."""

from __future__ import annotations

import pytest

from lkj.extract.captions import assign_captions, find_captions, read_toc
from lkj.extract.identity import read_identity
from lkj.extract.text_reader import parse_text

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
    assert [(e.number, e.page) for e in read_toc(doc)] == [("2.1", "15"), ("3.6", "32")]
    assert [c.number for c in find_captions(doc)] == ["3.7"]


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
