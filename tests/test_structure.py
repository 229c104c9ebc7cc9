"""Header semantics, classification and row repair on small hand-made tables."""

from __future__ import annotations

import pytest

from lkj.extract.classify import classify
from lkj.extract.headers import assign_roles, canon_words, find_header, is_colnum_row
from lkj.extract.structure import build_view
from lkj.extract.text_reader import parse_text


def view_of(text: str):
    doc = parse_text(text)
    assert len(doc.tables) == 1, [t.line_start for t in doc.tables]
    return build_view(doc.tables[0])


def test_fuzzy_header_words():
    assert canon_words("REALISAI (Rp.)") == ["realisasi", "rp"]
    assert canon_words("OUPUT KEGIATAN") == ["output", "kegiatan"]
    assert canon_words("INDIKATOR KERJA") == ["indikator", "kerja"]


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["(1)", "(2)", "(3)"], True),
        (["1", "2", "3", "4"], True),
        (["1", "Persentase", "70%"], False),
        (["3", "4"], False),
    ],
)
def test_column_number_rows(cells, expected):
    assert is_colnum_row(cells) is expected


def test_spanning_header_over_two_rows():
    grid = [
        ["No", "INDIKATOR KINERJA", "KINERJA", "", ""],
        ["", "", "TARGET", "REALISASI", "PERSENTASE CAPAIAN"],
        ["(1)", "(2)", "(3)", "(4)", "(5)"],
        ["1.", "Persentase X", "70%", "70%", "100"],
    ]
    header = find_header(grid)
    assert header is not None and header.rows == 3
    roles = assign_roles(header)
    assert roles.cols == {"no": 0, "indikator": 1, "target": 2, "realisasi": 3, "capaian": 4}


def test_budget_header_with_anggaran_span_and_percent():
    grid = [
        ["NO", "PROGRAM", "TARGET VOLUME", "CAPAIAN VOLUME", "ANGGARAN", "", ""],
        ["", "", "", "", "PAGU", "REALISASI", "%"],
    ]
    roles = assign_roles(find_header(grid))  # type: ignore[arg-type]
    assert roles.cols["pagu"] == 4 and roles.cols["realisasi"] == 5 and roles.cols["percent"] == 6
    assert roles.cols["volume_target"] == 2


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "No\tIndikator Kinerja\tTarget\tRealisasi\tCapaian\n1\tPersentase X\t90%\t95%\t105%\n",
            "performance",
        ),
        (
            "No\tSasaran Strategis\tIndikator Kinerja\tKeterangan\n1.\tS\tPersentase X\t70%\n",
            "performance",
        ),
        ("NO\tSASARAN STRATEGIS\tINDIKATOR KERJA\n1\tS\tPersentase X\n", "indicator_list"),
        (
            "NO\tDIPA\tJUMLAH (RP.)\tTANGGAL\n1.\tAWAL\t14.466.321.000\t\n2.\tREVISI 1\t14.466.321.000\t22 Maret 2019\n",
            "dipa_revisions",
        ),
        (
            "NO.\tTAHUN\tPAGU\tREALISASI\t%\n1\t2015\t1.551.321.000\t1.545.501.560\t95%\n2\t2016\t3.321.114.000\t2.866.632.237\t86,32%\n",
            "pagu_history",
        ),
        (
            "No\tProgram\tPAGU\tRealisasi\t%\n1\tProgram A\tRp.2.516.845.000,-\tRp.2.500.384.831,-\t99,39%\n",
            "budget",
        ),
        ("No.\tRentang Capaian\tKategori Capaian\n1.\tKurang dari 55 %\tGagal\n", "other"),
    ],
)
def test_classification_by_header_semantics(text, kind):
    assert classify(view_of(text)).kind == kind


def test_wrapped_cell_joined_to_row_above():
    view = view_of(
        "No\tIndikator Kinerja\tTarget\tRealisasi\tCapaian\n"
        "1\tPersentase Pengelolaan dan Informasi serta\t70%\t79,74%\t79,74%\n\n"
        "\tPenataan dan Penyediaan Dokumentasi\t\t\t\n"
    )
    (row,) = view.rows
    assert (
        row.cells[1]
        == "Persentase Pengelolaan dan Informasi serta Penataan dan Penyediaan Dokumentasi"
    )
    assert row.lines == [2, 4]


def test_wrapped_row_with_unit_continuation():
    view = view_of(
        "No\tSasaran Program/Kegiatan\tIndikator Kinerja\tTarget\n"
        "9.\tPenyelenggaraan Operasional\tTerselenggaranya\t1.0\n\n"
        "\tdan Pemeliharaan Perkantoran\tPenyelenggaraan Operasional\tLayanan (100%)\n"
    )
    (row,) = view.rows
    assert row.cells[3] == "1.0 Layanan (100%)"
    assert row.cells[1] == "Penyelenggaraan Operasional dan Pemeliharaan Perkantoran"


def test_same_as_above_is_filled_down_not_merged():
    view = view_of(
        "No\tSasaran Strategis\tIndikator Kinerja\tTarget\n"
        "1.\tSasaran A\tIndikator 1\t70%\n"
        "\t\tIndikator 2\t75%\n"
    )
    assert [r.cells for r in view.rows] == [
        ["1.", "Sasaran A", "Indikator 1", "70%"],
        ["", "Sasaran A", "Indikator 2", "75%"],
    ]


def test_row_broken_by_page_break_and_short_total_row():
    view = view_of(
        "NO\tKEGIATAN YANG AKAN DILAKSANAKAN\tANGGARAN (RP.)\n"
        "44\tRekapitulasi\t761.600.000\n"
        "45\tPenetapan Hasil Pemilu\t\n\n"
        "\t60.000.000\n"
        "JUMLAH\t821.600.000\n"
    )
    assert [(r.cells, r.is_total) for r in view.rows] == [
        (["44", "Rekapitulasi", "761.600.000"], False),
        (["45", "Penetapan Hasil Pemilu", "60.000.000"], False),
        (["JUMLAH", "", "821.600.000"], True),
    ]


def test_group_rows_set_context():
    view = view_of(
        "SASARAN KEGIATAN\tINDIKATOR KINERJA KEGIATAN\tTARGET\n"
        "<b>A. Penyelenggaraan Pemilu</b>\t\t\n"
        "1 Terwujudnya Tahapan\tPersentase X\t100%\n"
    )
    (row,) = view.rows
    assert row.context["group"] == "A. Penyelenggaraan Pemilu"


def test_split_pdf_column_is_merged_left():
    view = view_of(
        "No\tIndikator Kinerja\t\t\tTarget\tRealisasi\tCapaian\n"
        "1\tPersentase Pengelolaan\tBimbingan Logistik\tTeknis Pemilu\t90%\t99,57%\t99,57%\n"
    )
    assert view.rows[0].cells[1] == "Persentase Pengelolaan Bimbingan Logistik Teknis Pemilu"
    assert view.roles.cols["target"] == 4


def test_unlabelled_total_row_in_budget_table():
    view = view_of(
        "NO\tURAIAN\tPAGU\tREALISASI\t%\n"
        "1\tA\t1.000.000\t900.000\t90,00%\n"
        "\t\t1.000.000\t900.000\t90,00%\n"
    )
    assert [r.is_total for r in view.rows] == [False, True]
