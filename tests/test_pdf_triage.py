"""Triage: which pages the table locators search, from what the text of each page says."""

from __future__ import annotations

import pytest

from lkj.extract.pdf_triage import PdfLine, PdfPage, Segment, is_header_line, triage


def _line(text: str, n_segments: int = 1) -> PdfLine:
    parts = text.split("|") if n_segments > 1 else [text]
    return PdfLine(
        [Segment(p.strip(), (60.0 * i, 100, 60.0 * i + 50, 108)) for i, p in enumerate(parts)]
    )


@pytest.mark.parametrize(
    ("text", "columns", "header"),
    [
        ("INDIKATOR KINERJA TARGET REALISASI CAPAIAN", 1, True),
        ("NO URAIAN PAGU REALISASI SISA", 1, True),
        ("No|Uraian|Pagu (Rp)|Realisasi (Rp)|%", 5, True),
        # titles and list items of prose that name a program and its budget
        ("Perencanaan Program dan Anggaran Penyelenggaraan", 1, False),
        ("a. Menjabarkan program dan melaksanakan anggaran;", 1, False),
        ("Target dan realisasi anggaran tahun ini adalah sebagai berikut:", 1, False),
    ],
)
def test_header_lines_of_tables_and_not_of_prose(text: str, columns: int, header: bool) -> None:
    assert is_header_line(_line(text, columns)) is header


def _page(no: int, *texts: str, n_paths: int = 0) -> PdfPage:
    lines = []
    for i, text in enumerate(texts):
        parts = text.split("|")
        top = 100.0 + 14 * i
        lines.append(
            PdfLine(
                [
                    Segment(p.strip(), (60.0 + 120 * k, top, 140.0 + 120 * k, top + 9))
                    for k, p in enumerate(parts)
                ]
            )
        )
    return PdfPage(
        no=no, width=595, height=842, rotation=0, lines=lines, n_chars=200, n_paths=n_paths
    )


def test_cover_and_daftar_tabel_are_read_from_text_not_searched() -> None:
    pages = [
        _page(1, "LAPORAN KINERJA", "KOMISI PEMILIHAN UMUM KABUPATEN KAMPAR", "TAHUN 2024"),
        _page(
            4, "DAFTAR TABEL", "Tabel 3.1 Capaian Kinerja ........ 12", "Tabel 3.2 Revisi DIPA|14"
        ),
        _page(5, "Kata pengantar yang panjang tentang kinerja satuan kerja."),
        _page(12, "Tabel 3.1 Capaian Kinerja", "No|Indikator|Target|Realisasi|Capaian"),
    ]
    search = triage(pages)
    assert pages[0].reasons == ["cover"]
    assert pages[1].reasons == ["daftar tabel"]  # its entries are not captions
    assert "caption" in pages[3].reasons
    assert search == {12}


def test_a_neighbour_with_columns_near_its_top_is_searched_too() -> None:
    pages = [
        _page(12, "Tabel 3.1 Capaian Kinerja", "No|Indikator|Target|Realisasi|Capaian"),
        _page(13, "5|Indeks partisipasi|75|80|106,67", "Uraian berikutnya."),
        _page(14, "Paragraf biasa tanpa kolom.", "Paragraf lain."),
    ]
    assert triage(pages) == {12, 13}


def test_path_count_reaches_every_threshold_read() -> None:
    """A page's path objects are counted up to MIN_PATHS only: every test of the count asks
    for that many or fewer."""
    from lkj.extract.pdf_tables import MIN_GRID_PATHS
    from lkj.extract.pdf_triage import MIN_PATHS

    assert MIN_GRID_PATHS <= MIN_PATHS and MIN_PATHS >= 2
