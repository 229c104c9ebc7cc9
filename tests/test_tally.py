"""DPT-style tally tables (counts by L / P with their sum): header variants, number styles,
total rows, classification beside budget tables, and scoring against truth."""

from __future__ import annotations

from typing import Any

import pytest

from lkj.evaluate import score
from lkj.extract.text_reader import parse_text
from lkj.models import Document, Extraction, Provenance, TallyRow
from lkj.pipeline import extract_document

HEADERS = {
    "laki-perempuan-jumlah": ["NO\tKECAMATAN\tLAKI-LAKI\tPEREMPUAN\tJUMLAH"],
    "l-p-l+p": ["No.\tKecamatan\tL\tP\tL + P"],
    "two-rows": ["NO\tKECAMATAN\tJUMLAH PEMILIH\t\t", "\t\tLAKI-LAKI\tPEREMPUAN\tTOTAL"],
}
ROWS = [("Pulau Punjung", 12345, 12001), ("Sitiung", 8100, 7950), ("Koto Baru", 905, 1002)]


def number(n: int, style: str) -> str:
    text = f"{n:,}"
    return text if style == "us" else text.replace(",", ".")


def tally_text(
    header: list[str], style: str, *, colnum: bool, total_label: str, total_in_no: bool
) -> str:
    lines = ["Rekapitulasi daftar pemilih tetap per kecamatan.", "", "Tabel 3.9", "DPT 2024", ""]
    lines += header
    if colnum:
        lines.append("(1)\t(2)\t(3)\t(4)\t(5)")
    for i, (name, laki, perempuan) in enumerate(ROWS, 1):
        cells = [str(i), name, number(laki, style), number(perempuan, style)]
        lines.append("\t".join([*cells, number(laki + perempuan, style)]))
    sums = [sum(r[1] for r in ROWS), sum(r[2] for r in ROWS)]
    figures = [number(sums[0], style), number(sums[1], style), number(sum(sums), style)]
    head = [total_label, ""] if total_in_no else ["", total_label]
    lines += ["\t".join(head + figures), "", "Demikian rekapitulasi ini."]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("variant", sorted(HEADERS))
@pytest.mark.parametrize("style", ["id", "us"])
@pytest.mark.parametrize("colnum", [False, True])
@pytest.mark.parametrize(("total_label", "total_in_no"), [("JUMLAH", True), ("TOTAL", False)])
def test_tally_variants(variant, style, colnum, total_label, total_in_no):
    header = HEADERS[variant]
    text = tally_text(
        header, style, colnum=colnum, total_label=total_label, total_in_no=total_in_no
    )
    x = extract_document(parse_text(text, source="dpt.txt"))
    (info,) = x.tables
    assert (info.kind, info.number, info.n_records) == ("tally", "3.9", 4)
    first = 6 + len(header) + int(colnum)  # line of the first data row
    expected = [
        (name, laki, perempuan, laki + perempuan, False, first + i)
        for i, (name, laki, perempuan) in enumerate(ROWS)
    ]
    expected.append((total_label, 21350, 20953, 42303, True, first + len(ROWS)))
    assert [
        (r.label, r.laki, r.perempuan, r.jumlah, r.is_total, r.provenance.line)
        for r in x.tally_rows
    ] == expected
    for r in x.tally_rows:
        assert r.table == "3.9" and r.provenance.source == "dpt.txt"
        assert r.provenance.caption == "Tabel 3.9" and r.provenance.table_index == 0
        assert set(r.provenance.columns) == {"laki", "perempuan", "jumlah", "label"}
    pulau = x.tally_rows[0]
    assert pulau.raw == {
        "laki": number(12345, style),
        "perempuan": number(12001, style),
        "jumlah": number(24346, style),
    }
    us_flags = {"laki:us_style", "perempuan:us_style", "jumlah:us_style"}
    assert (set(pulau.flags) == us_flags) is (style == "us")
    koto_baru = x.tally_rows[2].flags  # 905 has no mark, so no style; 1.002 / 1,002 has one
    assert ("perempuan:us_style" in koto_baru) is (style == "us")
    assert not any(f.startswith("laki:") for f in koto_baru)
    assert x.budget_lines == [] and x.performance == []


def test_unreadable_counts_are_kept_raw_and_flagged():
    text = (
        "NO\tDESA\tL\tP\tJML\n"
        "1\tSukamaju\t1.234\t-\t1.234\n"
        "2\tSukadamai\t12,5\t1.000\t2.000\n"
        "3\tSukasari\t\t900\t1.900\n"
    )
    x = extract_document(parse_text(text))
    rows = x.tally_rows
    assert [(r.label, r.laki, r.perempuan, r.jumlah) for r in rows] == [
        ("Sukamaju", 1234, None, 1234),
        ("Sukadamai", None, 1000, 2000),
        ("Sukasari", None, 900, 1900),
    ]
    assert "perempuan:dash" in rows[0].flags
    assert "laki:malformed" in rows[1].flags and rows[1].raw["laki"] == "12,5"
    assert "laki:empty" in rows[2].flags


@pytest.mark.parametrize(
    "header",
    [
        "NO\tURAIAN\tJUMLAH (Rp)",
        "NO\tKEGIATAN\tJUMLAH",
        "NO\tKECAMATAN\tJUMLAH",  # no L / P: not a tally, and JUMLAH keeps its budget meaning
    ],
)
def test_jumlah_without_l_and_p_is_still_an_amount(header: str):
    text = f"{header}\n1\tBelanja Pegawai\t2.350.893.000\n2\tBelanja Barang\t13.137.151.000\n"
    x = extract_document(parse_text(text))
    (info,) = x.tables
    assert info.kind == "budget" and info.columns.get("pagu") == 2
    assert x.tally_rows == [] and len(x.budget_lines) == 2


def test_only_one_sex_column_is_not_a_tally():
    text = "NO\tKECAMATAN\tLAKI-LAKI\tJUMLAH\n1\tSitiung\t8.100\t16.050\n"
    x = extract_document(parse_text(text))
    assert x.tables[0].kind != "tally" and x.tally_rows == []


def test_extra_count_columns_are_ignored():
    text = (
        "NO\tKECAMATAN\tJUMLAH TPS\tL\tP\tL+P\n"
        "1\tSitiung\t45\t8.100\t7.950\t16.050\n"
        "\tJUMLAH\t45\t8.100\t7.950\t16.050\n"
    )
    x = extract_document(parse_text(text))
    info = x.tables[0]
    assert info.kind == "tally"
    assert info.columns == {"laki": 3, "perempuan": 4, "jumlah": 5, "label": 1, "no": 0}
    assert [(r.label, r.jumlah, r.is_total) for r in x.tally_rows] == [
        ("Sitiung", 16050, False),
        ("JUMLAH", 16050, True),
    ]


# --------------------------------------------------------------------------- scoring


def _doc() -> Document:
    return Document(source="dpt.txt", sha256="0" * 64, format="text")


def _row(line: int, label: str, laki: int, perempuan: int, **kw: Any) -> TallyRow:
    return TallyRow(
        table="3.9",
        label=label,
        laki=laki,
        perempuan=perempuan,
        jumlah=laki + perempuan,
        provenance=Provenance(source="dpt.txt", line=line),
        **kw,
    )


def _truth(rows: list[TallyRow] | None) -> dict[str, Any]:
    truth: dict[str, Any] = {
        "source": "dpt.txt",
        "performance": [],
        "dipa_revisions": [],
        "budget_lines": [],
        "pagu_history": [],
    }
    if rows is not None:
        truth["tally_rows"] = [
            {
                "table": r.table,
                "line": r.provenance.line,
                "label": r.label,
                "laki": r.laki,
                "perempuan": r.perempuan,
                "jumlah": r.jumlah,
                "is_total": r.is_total,
            }
            for r in rows
        ]
    return truth


ROWS_X = [
    _row(10, "Pulau Punjung", 12345, 12001),
    _row(11, "Sitiung", 8100, 7950),
    _row(12, "JUMLAH", 20445, 19951, is_total=True),
]


def test_tally_rows_scored_against_truth():
    x = Extraction(document=_doc(), tally_rows=ROWS_X)
    s = score(x, _truth(ROWS_X))
    ks = s.kinds["tally_rows"]
    assert (ks.expected, ks.extracted, ks.matched) == (3, 3, 3)
    assert ks.precision == ks.recall == ks.field_accuracy == 1.0
    assert set(ks.fields) == {"laki", "perempuan", "jumlah", "is_total", "table"}
    assert ks.fields["laki"].compared == 3 and s.not_scored == []


def test_tally_field_mismatch_and_missed_row():
    wrong = [ROWS_X[0].model_copy(update={"perempuan": 12000}), ROWS_X[2]]
    s = score(Extraction(document=_doc(), tally_rows=wrong), _truth(ROWS_X))
    ks = s.kinds["tally_rows"]
    assert (ks.expected, ks.extracted, ks.matched) == (3, 2, 2)
    assert ks.fields["perempuan"].correct == 1 and ks.fields["laki"].correct == 2
    [m] = [m for m in s.mismatches if m.kind == "tally_rows"]
    assert (m.field, m.expected, m.got, m.line) == ("perempuan", 12001, 12000, 10)
    [u] = [u for u in s.unmatched if u.kind == "tally_rows"]
    assert (u.side, u.label, u.line) == ("missed", "Sitiung", 11)


def test_missing_tally_key_is_not_scored():
    s = score(Extraction(document=_doc(), tally_rows=ROWS_X), _truth(None))
    ks = s.kinds["tally_rows"]
    assert (ks.expected, ks.extracted, ks.matched) == (0, 0, 0)
    assert s.not_scored == ["tally_rows"]
    assert [u for u in s.unmatched if u.kind == "tally_rows"] == []
    assert s.total.extracted == 0


def test_empty_tally_key_makes_rows_spurious():
    s = score(Extraction(document=_doc(), tally_rows=ROWS_X), _truth([]))
    ks = s.kinds["tally_rows"]
    assert (ks.expected, ks.extracted, ks.matched, ks.precision) == (0, 3, 0, 0.0)
    assert s.not_scored == []
