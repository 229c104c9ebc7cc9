"""lkj.evaluate: matching, field comparison, aggregation, rendering and pair discovery."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from lkj.evaluate import (
    evaluate,
    load_expected,
    render,
    run_eval,
    score,
    seed_pairs,
    truth_pairs,
)
from lkj.evaluate_match import FIELDS, KINDS, Expected, match_rows
from lkj.models import (
    BudgetLine,
    DipaRevision,
    Document,
    Extraction,
    PaguHistory,
    PerformanceRow,
    Provenance,
    Value,
)

GOLD_DIR = Path(__file__).resolve().parents[1] / "corpus" / "seeds"

# --------------------------------------------------------------------------- builders


def val(raw: str | None, value: Any = None, unit: str | None = None) -> dict[str, Any]:
    return {"raw": raw, "value": value, "unit": unit}


EMPTY = val(None)
SASARAN = "Meningkatnya Penyelenggaraan Pemilu yang Demokratis"


def perf(line: int, indikator: str, **kw: Any) -> dict[str, Any]:
    row = {
        "table": "3.2",
        "line": line,
        "sasaran": SASARAN,
        "indikator": indikator,
        "target": val("70%", 70.0, "%"),
        "realisasi": val("75%", 75.0, "%"),
        "capaian": val("107,14", 107.14, "%"),
    }
    row.update(kw)
    return row


def gold() -> dict[str, Any]:
    """A small expected file: two rows of every kind."""
    return {
        "source": "doc.txt",
        "notes": "test",
        "document": {
            "satker": "KPU Kabupaten Dharmasraya",
            "satker_kind": "kabupaten",
            "region": "Dharmasraya",
            "province": "Sumatera Barat",
            "year": 2019,
        },
        "performance": [
            perf(100, "Persentase Partisipasi Pemilih dalam Pemilu"),
            perf(
                101,
                "Jumlah laporan keuangan yang disusun",
                target=val("1 laporan", 1.0, "laporan"),
                realisasi=val("1 laporan", 1.0, "laporan"),
                capaian=EMPTY,
            ),
        ],
        "dipa_revisions": [
            {
                "seq": 0,
                "line": 200,
                "label_raw": "AWAL",
                "amount": 14466321000,
                "date": None,
                "note": None,
                "delta": None,
                "origin": "table",
            },
            {
                "seq": 1,
                "line": 201,
                "label_raw": "REVISI 1",
                "amount": 14989199000,
                "date": "2019-03-22",
                "note": "REVISI KPA",
                "delta": None,
                "origin": "table",
            },
        ],
        "budget_lines": [
            {
                "table": "3.6",
                "line": 300,
                "level": "jenis_belanja",
                "code": None,
                "name": "BELANJA PEGAWAI",
                "pagu": 2350893000,
                "realisasi": 2323822650,
                "sisa": 27070350,
                "realisasi_pct": 98.85,
                "is_total": False,
            },
            {
                "table": "3.6",
                "line": 301,
                "level": "jenis_belanja",
                "code": None,
                "name": "JUMLAH",
                "pagu": 2350893000,
                "realisasi": 2323822650,
                "sisa": 27070350,
                "realisasi_pct": 98.85,
                "is_total": True,
            },
        ],
        "pagu_history": [
            {
                "table": "3.11",
                "line": 400,
                "year": 2015,
                "pagu": 1551321000,
                "realisasi": 1545501560,
                "realisasi_pct": 95.0,
            },
            {
                "table": "3.11",
                "line": 401,
                "year": 2016,
                "pagu": 3321114000,
                "realisasi": 2866632237,
                "realisasi_pct": 86.32,
            },
        ],
    }


def _value(v: dict[str, Any] | None) -> Value:
    if not v:
        return Value()
    return Value(raw=v.get("raw"), value=v.get("value"), unit=v.get("unit"))


def _prov(row: dict[str, Any], shift: int) -> Provenance:
    line = row.get("line")
    return Provenance(source="doc.txt", line=None if line is None else line + shift)


def extraction_from(expected: dict[str, Any], *, shift: int = 0) -> Extraction:
    """The perfect extraction of an expected file (lines moved by ``shift``)."""
    d = expected.get("document", {})
    doc = Document(
        source=expected.get("source") or "doc.txt",
        sha256="0" * 64,
        format="text",
        **{k: d.get(k) for k in ("satker", "satker_kind", "region", "province", "year")},
    )
    return Extraction(
        document=doc,
        performance=[
            PerformanceRow(
                table=r.get("table"),
                sasaran=r.get("sasaran"),
                indikator=r.get("indikator") or "",
                target=_value(r.get("target")),
                realisasi=_value(r.get("realisasi")),
                capaian=_value(r.get("capaian")),
                provenance=_prov(r, shift),
            )
            for r in expected.get("performance", [])
        ],
        dipa_revisions=[
            DipaRevision(
                seq=r["seq"],
                label_raw=r.get("label_raw"),
                amount=r.get("amount"),
                date=r.get("date"),
                note=r.get("note"),
                delta=r.get("delta"),
                origin=r.get("origin") or "table",
                provenance=_prov(r, shift),
            )
            for r in expected.get("dipa_revisions", [])
        ],
        budget_lines=[
            BudgetLine(
                **{
                    k: r.get(k)
                    for k in ("table", "code", "name", "pagu", "realisasi", "sisa", "realisasi_pct")
                },
                level=r.get("level") or "other",
                is_total=bool(r.get("is_total")),
                provenance=_prov(r, shift),
            )
            for r in expected.get("budget_lines", [])
        ],
        pagu_history=[
            PaguHistory(
                **{k: r.get(k) for k in ("table", "year", "pagu", "realisasi", "realisasi_pct")},
                provenance=_prov(r, shift),
            )
            for r in expected.get("pagu_history", [])
        ],
    )


def perf_rows(x: Extraction, **update: Any) -> list[PerformanceRow]:
    return [r.model_copy(update=update) for r in x.performance]


# --------------------------------------------------------------------------- perfect


def test_perfect_extraction_scores_one_everywhere():
    g = gold()
    s = score(extraction_from(g), g)
    for kind in KINDS:
        ks = s.kinds[kind]
        assert (ks.expected, ks.extracted, ks.matched) == (2, 2, 2), kind
        assert ks.precision == ks.recall == ks.field_accuracy == 1.0, kind
        for name in FIELDS[kind]:
            assert ks.fields[name].accuracy == 1.0, (kind, name)
            assert ks.fields[name].compared == 2, (kind, name)
    assert s.identity_accuracy == 1.0
    assert s.total.precision == s.total.recall == s.total.field_accuracy == 1.0
    assert s.mismatches == [] and s.unmatched == []


@pytest.mark.parametrize("shift", [-2, -1, 0, 1, 2])
def test_seed_gold_matches_itself(shift: int):
    """Every real gold row matches its own perfect extraction, also with lines moved."""
    golds = sorted(GOLD_DIR.glob("*/gold.json"))
    if not golds:
        pytest.skip(f"no seed gold in {GOLD_DIR}")
    for path in golds:
        g = json.loads(path.read_text(encoding="utf-8"))
        s = score(extraction_from(g, shift=shift), load_expected(path))
        for kind in KINDS:
            ks = s.kinds[kind]
            assert ks.matched == ks.expected == ks.extracted, (path, kind)
        assert s.total.field_accuracy in (1.0, None), (path, s.mismatches[:3])


# --------------------------------------------------------------------------- field accuracy


def test_wrong_value_lowers_field_accuracy_by_one_field():
    g = gold()
    x = extraction_from(g)
    rows = perf_rows(x)
    rows[0] = rows[0].model_copy(update={"target": Value(raw="80%", value=80.0, unit="%")})
    s = score(x.model_copy(update={"performance": rows}), g)
    ks = s.kinds["performance"]
    # 2 matched rows x 5 fields = 10 compared, 1 wrong
    assert ks.field_accuracy == pytest.approx(9 / 10)
    assert ks.fields["target"].accuracy == pytest.approx(1 / 2)
    assert ks.fields["realisasi"].accuracy == 1.0
    assert ks.recall == ks.precision == 1.0
    assert s.total.field_accuracy == pytest.approx((46 - 1) / 46)
    [m] = s.mismatches
    assert (m.doc, m.kind, m.line, m.field) == ("doc", "performance", 100, "target")
    assert m.expected["value"] == 70.0 and m.got["value"] == 80.0


def test_expected_null_extracted_as_value_is_wrong():
    g = gold()
    x = extraction_from(g)
    rows = perf_rows(x)
    rows[1] = rows[1].model_copy(update={"capaian": Value(raw="100", value=100.0, unit="%")})
    s = score(x.model_copy(update={"performance": rows}), g)
    assert s.kinds["performance"].fields["capaian"].correct == 1
    [m] = s.mismatches
    assert m.field == "capaian" and m.expected["value"] is None and m.got["value"] == 100.0


def test_expected_value_extracted_as_null_is_wrong():
    g = gold()
    x = extraction_from(g)
    rows = perf_rows(x)
    rows[0] = rows[0].model_copy(update={"realisasi": Value()})
    s = score(x.model_copy(update={"performance": rows}), g)
    assert s.kinds["performance"].fields["realisasi"].correct == 1


@pytest.mark.parametrize(
    ("exp", "got", "ok"),
    [
        (val("70%", 70.0, "%"), Value(value=70.0, unit="%"), True),
        (val("70%", 70.0, "%"), Value(value=70, unit="%"), True),  # int vs float
        (val("70%", 70.0, "%"), Value(value=70.004, unit="%"), True),  # within 0.005
        (val("70%", 70.0, "%"), Value(value=70.01, unit="%"), False),
        (val("70%", 70.0, "%"), Value(value=70.0, unit=None), False),  # unit missing
        (val("70", 70.0, None), Value(value=70.0, unit="%"), False),  # unit invented
        (val("1 laporan", 1.0, "laporan"), Value(value=1.0, unit="Laporan"), True),
        (val("1 laporan", 1.0, "laporan"), Value(value=1.0, unit="dokumen"), False),
        (val("WTP", "WTP", None), Value(value="wtp"), True),
        (val("Cukup  Berhasil", "Cukup Berhasil", None), Value(value="cukup berhasil"), True),
        (val("B", "B", None), Value(value="BB"), False),
        (val("3", 3.0, None), Value(value="3"), False),  # a number is not a string
        (val("1.000.000", 1e6, None), Value(value=1e6 + 0.5), True),  # 1e-6 relative
        (EMPTY, Value(), True),
    ],
)
def test_performance_value_and_unit(exp: dict[str, Any], got: Value, ok: bool):
    g = gold()
    g["performance"] = [perf(100, "Indeks kepuasan", target=exp)]
    x = extraction_from(g)
    x = x.model_copy(update={"performance": perf_rows(x, target=got)})
    s = score(x, g)
    assert s.kinds["performance"].fields["target"].correct == int(ok)


@pytest.mark.parametrize(
    ("got", "ok"),
    [
        (SASARAN, True),
        (SASARAN.upper(), True),
        ("<b>" + SASARAN + "</b>", True),
        ("Meningkatnya Penyelengaraan Pemilu yg Demokratis", True),  # small typos
        ("Meningkatnya kualitas layanan publik", False),
        (None, False),
    ],
)
def test_sasaran_fuzzy(got: str | None, ok: bool):
    g = gold()
    x = extraction_from(g)
    x = x.model_copy(update={"performance": perf_rows(x, sasaran=got)})
    assert score(x, g).kinds["performance"].fields["sasaran"].correct == 2 * int(ok)


def test_budget_money_exact_and_pct_tolerance():
    g = gold()
    x = extraction_from(g)
    rows = [r.model_copy() for r in x.budget_lines]
    rows[0] = rows[0].model_copy(update={"pagu": 2350893001, "realisasi_pct": 98.854})
    rows[1] = rows[1].model_copy(update={"realisasi_pct": 98.86, "is_total": False})
    s = score(x.model_copy(update={"budget_lines": rows}), g)
    f = s.kinds["budget_lines"].fields
    assert f["pagu"].correct == 1
    assert f["realisasi_pct"].correct == 1
    assert f["is_total"].correct == 1
    assert s.kinds["budget_lines"].matched == 2  # "JUMLAH" still matches by name


def test_dipa_date_and_identity_case_insensitive():
    g = gold()
    x = extraction_from(g)
    rows = [r.model_copy() for r in x.dipa_revisions]
    rows[1] = rows[1].model_copy(update={"date": dt.date(2019, 3, 23), "label_raw": "revisi  1"})
    doc = x.document.model_copy(update={"satker": "kpu kabupaten DHARMASRAYA", "year": 2020})
    s = score(x.model_copy(update={"dipa_revisions": rows, "document": doc}), g)
    f = s.kinds["dipa_revisions"].fields
    assert f["date"].correct == 1 and f["label_raw"].correct == 2
    assert s.identity["satker"].correct == 1 and s.identity["year"].correct == 0
    assert s.identity_accuracy == pytest.approx(4 / 5)
    assert {(m.kind, m.field) for m in s.mismatches} == {
        ("dipa_revisions", "date"),
        ("document", "year"),
    }


def test_field_absent_from_expected_is_not_compared():
    g = gold()
    for row in g["performance"]:
        del row["sasaran"]
    del g["document"]["province"]
    x = extraction_from(gold())
    s = score(x, g)
    assert s.kinds["performance"].fields["sasaran"].compared == 0
    assert s.kinds["performance"].fields["target"].compared == 2
    assert s.identity["province"].compared == 0


# --------------------------------------------------------------------------- rows


def test_missing_row_lowers_recall():
    g = gold()
    x = extraction_from(g)
    x = x.model_copy(update={"performance": x.performance[:1]})
    ks = score(x, g).kinds["performance"]
    assert (ks.expected, ks.extracted, ks.matched) == (2, 1, 1)
    assert ks.recall == 0.5 and ks.precision == 1.0 and ks.field_accuracy == 1.0


def test_spurious_row_lowers_precision():
    g = gold()
    x = extraction_from(g)
    extra = x.performance[0].model_copy(
        update={
            "indikator": "Indeks Kepuasan Masyarakat",
            "provenance": Provenance(source="d", line=900),
        }
    )
    x = x.model_copy(update={"performance": [*x.performance, extra]})
    s = score(x, g)
    ks = s.kinds["performance"]
    assert ks.recall == 1.0 and ks.precision == pytest.approx(2 / 3)
    [u] = s.unmatched
    assert (u.side, u.kind, u.line, u.label) == (
        "spurious",
        "performance",
        900,
        "Indeks Kepuasan Masyarakat",
    )


@pytest.mark.parametrize(("shift", "matched"), [(1, 2), (-1, 2), (2, 2), (3, 0), (-5, 0)])
def test_line_offset_window(shift: int, matched: int):
    g = gold()
    g["performance"][1]["line"] = 110  # keep the two rows apart
    x = extraction_from(g, shift=shift)
    assert score(x, g).kinds["performance"].matched == matched


def test_row_without_line_matches_on_label():
    g = gold()
    x = extraction_from(g)
    x = x.model_copy(update={"performance": perf_rows(x, provenance=Provenance(source="d"))})
    assert score(x, g).kinds["performance"].matched == 2


def test_unrelated_rows_never_match():
    g = gold()
    x = extraction_from(g)
    x = x.model_copy(
        update={
            "performance": perf_rows(x, indikator="Indeks Kepuasan Masyarakat atas layanan"),
            "budget_lines": [
                r.model_copy(update={"name": "BELANJA MODAL", "is_total": False})
                for r in x.budget_lines
            ],
            "pagu_history": [
                r.model_copy(update={"year": 2030, "provenance": Provenance(source="d", line=450)})
                for r in x.pagu_history
            ],
            "dipa_revisions": [
                r.model_copy(
                    update={
                        "seq": r.seq + 5,
                        "label_raw": "REVISI KPU RI",
                        "provenance": Provenance(source="d", line=250),
                    }
                )
                for r in x.dipa_revisions
            ],
        }
    )
    s = score(x, g)
    for kind in KINDS:
        assert s.kinds[kind].matched == 0, kind
        assert s.kinds[kind].precision == 0.0 and s.kinds[kind].recall == 0.0
        assert s.kinds[kind].field_accuracy is None
    sides = [u.side for u in s.unmatched]
    assert sides.count("missed") == 8 and sides.count("spurious") == 8


def test_paragraph_rows_on_one_line_pair_by_label():
    """Several indicators from one cell share a line: each goes to its own expected row."""
    g = gold()
    names = [
        "Persentase partisipasi pemilih",
        "Persentase partisipasi pemilih perempuan",
        "Persentase pemutakhiran data pemilih",
    ]
    g["performance"] = [perf(100, n) for n in names]
    x = extraction_from(g)
    x = x.model_copy(update={"performance": list(reversed(x.performance))})
    s = score(x, g)
    assert s.kinds["performance"].matched == 3
    assert s.kinds["performance"].field_accuracy == 1.0
    matches = match_rows("performance", Expected.model_validate(g).performance, x.performance)
    assert [(m.expected, m.extracted) for m in matches] == [(0, 2), (1, 1), (2, 0)]


def test_same_indicator_in_two_tables_pairs_by_line():
    g = gold()
    a = perf(100, "Persentase partisipasi pemilih", table="2.1", target=val("70%", 70.0, "%"))
    b = perf(102, "Persentase partisipasi pemilih", table="3.2", target=val("75%", 75.0, "%"))
    g["performance"] = [a, b]
    x = extraction_from(g)
    s = score(x, g)
    assert s.kinds["performance"].field_accuracy == 1.0
    # with the first one missing, the second is not taken for it
    x = x.model_copy(update={"performance": x.performance[1:]})
    s = score(x, g)
    assert [u.line for u in s.unmatched] == [100]
    assert s.kinds["performance"].field_accuracy == 1.0


def test_misread_year_on_same_line_still_matches():
    g = gold()
    x = extraction_from(g)
    rows = [r.model_copy() for r in x.pagu_history]
    rows[0] = rows[0].model_copy(update={"year": 2105})
    s = score(x.model_copy(update={"pagu_history": rows}), g)
    ks = s.kinds["pagu_history"]
    assert ks.matched == 2 and ks.fields["year"].correct == 1


def test_wrong_table_number_still_matches_and_counts():
    g = gold()
    x = extraction_from(g)
    s = score(x.model_copy(update={"performance": perf_rows(x, table="3.3")}), g)
    ks = s.kinds["performance"]
    assert ks.matched == 2 and ks.fields["table"].correct == 0


# --------------------------------------------------------------------------- corpus


def write_pair(folder: Path, stem: str, expected: dict[str, Any]) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    src = folder / f"{stem}.txt"
    src.write_text("report\n", encoding="utf-8")
    truth = folder / f"{stem}.truth.json"
    truth.write_text(json.dumps({**expected, "source": src.name}), encoding="utf-8")
    return src, truth


def test_evaluate_aggregates_and_lists_errors(tmp_path: Path):
    g = gold()
    ok = write_pair(tmp_path, "ok", g)
    bad = write_pair(tmp_path, "bad", g)

    def extract(path: Path) -> Extraction:
        if path.stem == "bad":
            raise RuntimeError("boom\nsecond line")
        return extraction_from(g)

    report = evaluate([ok, bad], extract=extract)
    assert [d.doc for d in report.docs] == ["ok", "bad"]
    assert report.errors == [{"doc": "bad", "error": "RuntimeError: boom second line"}]
    perf_all = report.kinds["performance"]
    assert (perf_all.expected, perf_all.extracted, perf_all.matched) == (4, 2, 2)
    assert perf_all.recall == 0.5 and perf_all.precision == 1.0
    assert report.total.expected == 16 and report.total.matched == 8
    missed = [u for u in report.unmatched if u.doc == "bad"]
    assert len(missed) == 8 and {u.side for u in missed} == {"missed"}
    assert report.identity["satker"].compared == 2 and report.identity["satker"].correct == 1


def test_evaluate_unreadable_expected_is_an_error(tmp_path: Path):
    src, truth = write_pair(tmp_path, "x", gold())
    truth.write_text("{not json", encoding="utf-8")
    report = evaluate([(src, truth)], extract=lambda p: extraction_from(gold()))
    assert report.errors and "cannot read expected file" in report.errors[0]["error"]
    assert report.total.expected == 0


def test_render_table_and_json():
    g = gold()
    x = extraction_from(g)
    rows = perf_rows(x)
    rows[0] = rows[0].model_copy(update={"target": Value(raw="80%", value=80.0, unit="%")})
    x = x.model_copy(update={"performance": rows[:1]})
    report = evaluate([(Path("doc.txt"), Path("doc.truth.json"))], extract=lambda p: x)
    # no such expected file: use score directly instead
    report.docs = [score(x, g, doc="doc")]
    text = render(report, "table", mismatches=5)
    assert "performance" in text and "budget_lines" in text
    perf_line = next(line for line in text.splitlines() if line.startswith("performance "))
    # expected 2, extracted 1, matched 1, precision 1, recall 0.5, field accuracy 4/5
    assert perf_line.split() == ["performance", "2", "1", "1", "1.000", "0.500", "0.800"]
    assert "performance.target" in text and "0.000" in text
    assert "identity accuracy: 1.000 (5/5 fields)" in text
    assert "70.0 %" in text and "80.0 %" in text
    assert "missed" in text
    assert "mismatches (first 5 per document, 1 in all)" in text
    assert render(report, "table") == text.split("\n\nmismatches")[0] + "\n"
    assert render(report, "table", mismatches=5) == text  # deterministic

    data = json.loads(render(report, "json"))
    assert data["kinds"]["performance"]["recall"] == 0.5
    assert data["kinds"]["performance"]["fields"]["target"]["accuracy"] == 0.0
    assert data["docs"][0]["mismatches"][0]["field"] == "target"
    assert data["identity_accuracy"] == 1.0
    with pytest.raises(ValueError):
        render(report, "xml")


# --------------------------------------------------------------------------- discovery, CLI hook


def test_seed_pairs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    gold_dir, seeds = tmp_path / "gold", tmp_path / "seeds"
    for stem in ("b", "a", "c"):
        (gold_dir / stem).mkdir(parents=True)
        (gold_dir / stem / "gold.json").write_text("{}", encoding="utf-8")
    seeds.mkdir()
    for stem in ("a", "b"):
        (seeds / f"{stem}.txt").write_text("x", encoding="utf-8")
    expected = [
        (seeds / "a.txt", gold_dir / "a" / "gold.json"),
        (seeds / "b.txt", gold_dir / "b" / "gold.json"),
    ]
    assert seed_pairs(gold_dir, seeds) == expected
    monkeypatch.setenv("LKJ_SEEDS_DIR", str(seeds))
    assert seed_pairs(gold_dir) == expected


def test_truth_pairs(tmp_path: Path):
    a = write_pair(tmp_path / "gen", "a", gold())
    b = write_pair(tmp_path / "gen" / "sub", "b", gold())
    (tmp_path / "gen" / "lonely.txt").write_text("x", encoding="utf-8")
    assert truth_pairs([tmp_path / "gen"]) == [a, b]
    assert truth_pairs([a[0], b[1], a[1]]) == [a, b]  # either file names the pair, no duplicates
    assert truth_pairs([tmp_path / "gen" / "lonely.txt"]) == []


def test_run_eval_without_gold_exits_1(tmp_path: Path):
    text, code = run_eval([], gold_dir=tmp_path / "nogold", seeds_dir=tmp_path / "noseeds")
    assert code == 1
    assert "no seed gold found" in text and str(tmp_path / "nogold") in text
    assert str(tmp_path / "noseeds") in text

    text, code = run_eval([str(tmp_path)])
    assert code == 1
    assert "no generated report with ground truth" in text and str(tmp_path) in text


def test_run_eval_gold_without_source_says_so(tmp_path: Path):
    (tmp_path / "gold" / "s").mkdir(parents=True)
    (tmp_path / "gold" / "s" / "gold.json").write_text("{}", encoding="utf-8")
    text, code = run_eval([], gold_dir=tmp_path / "gold", seeds_dir=tmp_path / "seeds")
    assert code == 1 and "no source" in text and str(tmp_path / "seeds" / "s.txt") in text


def test_run_eval_scores_truth(tmp_path: Path):
    g = gold()
    write_pair(tmp_path, "a", g)
    text, code = run_eval([str(tmp_path)], extract=lambda p: extraction_from(g))
    assert code == 0 and "lkj eval: 1 documents, 0 with errors" in text
    text, code = run_eval([str(tmp_path)], fmt="json", extract=lambda p: extraction_from(g))
    assert code == 0 and json.loads(text)["total"]["field_accuracy"] == 1.0
    text, code = run_eval([str(tmp_path)], fmt="xml")
    assert code == 2 and "unknown format" in text


def test_run_eval_extractor_failure_is_listed(tmp_path: Path):
    write_pair(tmp_path, "a", gold())

    def boom(path: Path) -> Extraction:
        raise NotImplementedError("being written")

    text, code = run_eval([str(tmp_path)], extract=boom)
    assert code == 1  # a report that could not be extracted fails the run
    assert "1 with errors" in text and "NotImplementedError: being written" in text


def test_gold_copy_is_not_mutated():
    g = gold()
    before = copy.deepcopy(g)
    score(extraction_from(g), g)
    assert g == before
