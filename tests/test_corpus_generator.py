"""lkj.corpus: determinism, exact truth, consistent clean reports, injections, variants."""

from __future__ import annotations

import ast
import re
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from lkj.corpus import INJECT_KINDS, generate_archive, iter_reports
from lkj.corpus.generator import Report
from lkj.corpus.inject import rates_from
from lkj.corpus.spec import capaian_number

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpus" / "demo"


@pytest.fixture(scope="module")
def archive() -> list[Report]:
    """A clean 30-report archive, in memory."""
    return iter_reports(n_satker=15, years=(2019, 2024), seed=3)


def _lines(rep: Report) -> list[str]:
    return rep.text.split("\n")


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def test_corpus_imports_respect_the_layers() -> None:
    """lkj.corpus may import lkj.models, lkj.normalize and the standard library only."""
    allowed_lkj = ("lkj.models", "lkj.normalize")
    # pdfium, numpy, Pillow and OpenCV (through pdfplumber and camelot) make the scanned rendering
    third_party = {"pydantic", "reportlab", "pypdfium2", "numpy", "PIL", "cv2"}
    for path in sorted((ROOT / "corpus").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top == "lkj":
                    assert name.startswith(allowed_lkj), (path.name, name)
                else:
                    assert top in sys.stdlib_module_names or top in third_party, (path.name, name)


# -- determinism ---------------------------------------------------------------


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a = generate_archive(tmp_path / "a", n_satker=3, seed=11)
    b = generate_archive(tmp_path / "b", n_satker=3, seed=11)
    assert [p.name for p in a] == [p.name for p in b]
    for pa in sorted((tmp_path / "a").iterdir()):
        assert pa.read_bytes() == (tmp_path / "b" / pa.name).read_bytes(), pa.name


def test_different_seed_different_reports(tmp_path: Path) -> None:
    generate_archive(tmp_path / "a", n_satker=2, seed=1)
    generate_archive(tmp_path / "b", n_satker=2, seed=2)
    name = "kpu-kab-dharmasraya_2019.txt"
    assert (tmp_path / "a" / name).read_bytes() != (tmp_path / "b" / name).read_bytes()


def test_archive_files_and_names(tmp_path: Path) -> None:
    paths = generate_archive(tmp_path, n_satker=6, years=(2019, 2024), seed=7)
    assert len(paths) == 12
    assert all(p.suffix == ".txt" and p.with_suffix(".truth.json").exists() for p in paths)
    assert tmp_path / "kpu-kab-ogan-ilir_2019.txt" in paths
    assert re.fullmatch(r"kpu-(kab|kota|prov)-[a-z-]+_(2019|2024)\.txt", paths[-1].name)


def test_demo_matches_generator(tmp_path: Path) -> None:
    """corpus/demo is exactly what the generator writes (it never drifts)."""
    generate_archive(tmp_path, n_satker=6, years=(2019, 2024), seed=7)
    # one born-digital PDF and one scan, of two more satker
    generate_archive(tmp_path, n_satker=7, years=(2024,), seed=7, formats=("pdf",), skip_satker=6)
    generate_archive(tmp_path, n_satker=8, years=(2024,), seed=7, formats=("scan",), skip_satker=7)
    fresh = sorted(p.name for p in tmp_path.iterdir())
    committed = sorted(p.name for p in DEMO.iterdir() if p.suffix in (".txt", ".json", ".pdf"))
    assert {p.rsplit(".", 1)[1] for p in committed} == {"txt", "json", "pdf"}
    assert fresh == committed
    for name in fresh:
        assert (tmp_path / name).read_bytes() == (DEMO / name).read_bytes(), name


# -- truth is exact ------------------------------------------------------------


def test_truth_lines_point_at_their_rows(archive: list[Report]) -> None:
    for rep in archive:
        lines = _lines(rep)
        t = rep.truth

        def at(no: int, lines: list[str] = lines) -> str:
            assert 1 <= no <= len(lines)
            return lines[no - 1]

        for rec in t["performance"]:
            line = at(rec["line"])
            assert rec["indikator"][:20] in line, (rep.name, rec)
            cells = [re.sub(r"</?p>", "", c) for c in line.split("\t")]
            for f in ("target", "realisasi", "capaian"):
                if rec[f]["raw"] is not None:
                    assert rec[f]["raw"] in cells, (rep.name, rec["line"], f)
        for rec in t["budget_lines"]:
            line = at(rec["line"])
            if rec["name"] is not None:
                assert rec["name"][:15] in line, (rep.name, rec)
            if rec["code"] is not None:
                assert rec["code"] in line
            # the amount sits on the row's line, or alone on a later line after a page break
            where = line
            if rec["pagu"] and _digits(str(rec["pagu"])) not in _digits(line):
                k = rec["line"]
                while not lines[k].strip():
                    k += 1
                assert k > rec["line"], (rep.name, rec)
                where = lines[k]
            assert str(rec["pagu"]) in _digits(where) or rec["pagu"] == 0, (rep.name, rec)
        for rec in t["dipa_revisions"]:
            line = at(rec["line"])
            assert str(rec["amount"]) in _digits(line)
            if rec["origin"] == "table":
                assert rec["label_raw"] in line.split("\t")
            else:
                assert "Revisi DIPA" in line and str(rec["delta"]) in _digits(line)
        for rec in t["pagu_history"]:
            assert str(rec["year"]) in at(rec["line"]).split("\t")
        for rec in t["tally_rows"]:
            cells = at(rec["line"]).split("\t")
            assert rec["label"] in cells[:2], (rep.name, rec)
            assert [int(_digits(c)) for c in cells[2:]] == [
                rec["laki"],
                rec["perempuan"],
                rec["jumlah"],
            ], (rep.name, rec)


def test_truth_document_and_format(archive: list[Report]) -> None:
    keys = [
        "source",
        "notes",
        "document",
        "performance",
        "dipa_revisions",
        "budget_lines",
        "pagu_history",
        "tally_rows",
        "injected",
        "generator",
    ]
    for rep in archive:
        t = rep.truth
        assert list(t) == keys
        assert t["source"] == rep.name + ".txt"
        doc = t["document"]
        assert doc["satker"].startswith("KPU ") and doc["region"] in doc["satker"]
        assert doc["year"] == rep.spec.year
        assert f"TAHUN {doc['year']}" in rep.text
        for rec in t["performance"]:
            for f in ("target", "realisasi", "capaian"):
                v = rec[f]
                assert set(v) <= {"raw", "value", "unit", "percent"}
                if v["raw"] is None:
                    assert v["value"] is None and v["unit"] is None
                elif not isinstance(v["value"], str):
                    assert isinstance(v["value"], float)
            if isinstance(rec["capaian"]["value"], float):
                assert rec["capaian"]["unit"] == "%"
        for rec in t["budget_lines"]:
            assert rec["level"] in (
                "satker",
                "program",
                "kegiatan",
                "output",
                "jenis_belanja",
                "other",
            )
            assert isinstance(rec["pagu"], int)
        assert t["injected"] == []


# -- clean reports are internally consistent ----------------------------------


def _budget_groups(recs: list[dict]) -> tuple[list[dict], list[tuple[dict, list[dict]]]]:
    """(top-level rows, [(program subtotal row, its outputs)]) of one budget table's rows.

    A table with both program and output rows prints program subtotals above their
    outputs; otherwise every row is top-level and there are no groups.
    """
    rows = [r for r in recs if not r["is_total"]]
    if {"program", "output"} - {r["level"] for r in rows}:
        return rows, []
    groups: list[tuple[dict, list[dict]]] = []
    for r in rows:
        if r["level"] == "program":
            groups.append((r, []))
        else:
            assert groups, "an output row above the first program row"
            groups[-1][1].append(r)
    return [g[0] for g in groups], groups


def test_budget_tables_add_up(archive: list[Report]) -> None:
    """Row arithmetic, program subtotals = their outputs, totals = top-level rows."""
    n_subtotal_tables = 0
    for rep in archive:
        by_table: dict[str, list[dict]] = defaultdict(list)
        for rec in rep.truth["budget_lines"]:
            by_table[rec["table"]].append(rec)
            if rec["sisa"] is not None:
                assert rec["sisa"] == rec["pagu"] - rec["realisasi"], (rep.name, rec)
            if rec["realisasi_pct"] is not None and rec["pagu"]:
                assert abs(rec["realisasi_pct"] - rec["realisasi"] * 100 / rec["pagu"]) < 0.006
        final = None
        for table, recs in by_table.items():
            totals = [r for r in recs if r["is_total"]]
            top, groups = _budget_groups(recs)
            n_subtotal_tables += bool(groups)
            for prog, outs in groups:
                assert outs and prog["code"].startswith("076.01."), (rep.name, prog)
                for f in ("pagu", "realisasi", "sisa"):
                    assert prog[f] == sum(o[f] for o in outs), (rep.name, table, prog["code"], f)
            for tot in totals:
                for f in ("pagu", "realisasi", "sisa"):
                    if tot[f] is not None:
                        assert tot[f] == sum(r[f] for r in top), (rep.name, table, f)
            if recs[0]["level"] == "jenis_belanja":
                final = totals[0]["pagu"]
        assert final is not None
        revs = rep.truth["dipa_revisions"]
        assert revs and revs[-1]["amount"] == final
        hist = rep.truth["pagu_history"]
        if hist:
            assert hist[-1]["year"] == rep.spec.year and hist[-1]["pagu"] == final
    assert n_subtotal_tables >= 5


_RP = re.compile(r"Rp\. ([\d.,]+),-")


def _rp(text: str) -> list[int]:
    """The "Rp. 1.234.000,-" amounts of a sentence, in order."""
    return [int(_digits(m)) for m in _RP.findall(text)]


def test_dipa_revisions_in_order(archive: list[Report]) -> None:
    """Labels consecutive, dates in order and inside the fiscal year (AWAL may be dated the
    year before), prose deltas = new DIPA - previous DIPA."""
    awal_years: list[int] = []
    for rep in archive:
        year = rep.spec.year
        revs = rep.truth["dipa_revisions"]
        dates = [r["date"] for r in revs if r["date"]]
        assert dates == sorted(dates), rep.name
        table = [r for r in revs if r["origin"] == "table"]
        prose = [r for r in revs if r["origin"] == "prose"]
        assert bool(table) != bool(prose), rep.name
        if table:
            assert table[0]["label_raw"] == "AWAL" and table[0]["seq"] == 0
            assert [r["seq"] for r in table] == list(range(len(table)))
            assert [r["label_raw"] for r in table[1:]] == [
                f"REVISI {i}" for i in range(1, len(table))
            ]
            assert all(r["date"][:4] == str(year) for r in table[1:]), rep.name
            if table[0]["date"]:
                awal_years.append(int(table[0]["date"][:4]) - year)
            nos = [_lines(rep)[r["line"] - 1].split("\t")[0] for r in table]
            assert nos == [f"{i}." for i in range(1, len(table) + 1)]
        else:
            (initial,) = _rp(re.search(r"menerima alokasi DIPA sebesar [^\n]+", rep.text)[0])
            assert [r["seq"] for r in prose] == list(range(1, len(prose) + 1))
            base = initial
            for r in prose:
                assert r["delta"] == r["amount"] - base and r["delta"] > 0, (rep.name, r)
                assert _rp(_lines(rep)[r["line"] - 1]) == [r["delta"], r["amount"]]
                base = r["amount"]
    assert set(awal_years) == {-1, 0}, "AWAL dated in the year before and in the year itself"


def test_capaian_follows_stated_formula(archive: list[Report]) -> None:
    n = 0
    for rep in archive:
        formulas = {
            (f["line"], f["indikator"]): f["formula"]
            for f in rep.truth["generator"]["capaian_formulas"]
        }
        for rec in rep.truth["performance"]:
            if rec["capaian"]["raw"] is None:
                continue
            formula = formulas[(rec["line"], rec["indikator"])]
            cap = rec["capaian"]["value"]
            if formula == "qualitative":
                assert cap == 100.0 or cap == rec["realisasi"]["value"]
                continue
            expected = capaian_number(formula, rec["target"]["value"], rec["realisasi"]["value"])
            assert abs(cap - expected) < 0.006, (rep.name, rec["line"], formula)
            n += 1
    assert n > 100


def test_pk_targets_match_measurement(archive: list[Report]) -> None:
    for rep in archive:
        pk_table = next(t.number for t in rep.spec.perf_tables() if t.kind == "pk")
        pk = {
            r["indikator"]: r["target"] for r in rep.truth["performance"] if r["table"] == pk_table
        }
        meas = [r for r in rep.truth["performance"] if r["table"] != pk_table]
        assert len(pk) == len(meas) == len(rep.spec.indicators)
        for r in meas:
            assert r["target"]["value"] == pk[r["indikator"]]["value"]


def test_signing_date_is_after_the_reporting_year(archive: list[Report]) -> None:
    for rep in archive:
        place = rep.spec.satker.region.signing_place
        signed = re.findall(rf"^{re.escape(place)}, \d+ \w+ (\d{{4}})$", rep.text, re.M)
        assert signed and all(int(y) == rep.spec.year + 1 for y in signed)


def test_tally_tables_add_up(archive: list[Report]) -> None:
    """DPT tables: L + P = JUMLAH on every row, the total row = the column sums."""
    with_dpt = []
    for rep in archive:
        rows = rep.truth["tally_rows"]
        if rep.spec.satker.region.kind == "provinsi":
            assert not rows
        if not rows:
            continue
        with_dpt.append(rep)
        body, total = rows[:-1], rows[-1]
        assert total["is_total"] and not any(r["is_total"] for r in body)
        assert total["label"] in ("JUMLAH", "TOTAL")
        assert 5 <= len(body) <= 18
        assert len({r["label"].casefold() for r in body}) == len(body)
        assert len({r["table"] for r in rows}) == 1 and total["table"] is not None
        for r in rows:
            assert r["laki"] + r["perempuan"] == r["jumlah"], (rep.name, r)
            assert r["jumlah"] >= 1_000, (rep.name, r)
        for f in ("laki", "perempuan", "jumlah"):
            assert total[f] == sum(r[f] for r in body), (rep.name, f)
        # placed in BAB III before the financial accountability, numbered in document order
        t = rep.spec.tally
        assert t is not None and t.number == total["table"]
        cap = rep.rendering.anchors[f"caption:{t.key}"]
        assert f"Rekapitulasi Daftar Pemilih Tetap (DPT) Pemilu Tahun {t.election_year}" in (
            " ".join(_lines(rep)[cap - 1 : cap + 3])
        )
        heads = [ln.removeprefix("## ") for ln in _lines(rep)]
        bab3, keuangan = heads.index("BAB III"), heads.index("B. AKUNTABILITAS KEUANGAN")
        assert bab3 < total["line"] - 1 < keuangan
    kab_kota = [r for r in archive if r.spec.satker.region.kind != "provinsi"]
    assert 0.35 <= len(with_dpt) / len(kab_kota) <= 0.65


def test_kecamatan_are_the_satker_s_own() -> None:
    """Kecamatan names depend on the region only: same satker, same kecamatan in any archive."""
    from lkj.corpus.build import kecamatan
    from lkj.corpus.regions import by_name

    region = by_name("Ogan Ilir")
    assert kecamatan(region) == kecamatan(region)
    assert kecamatan(region) != kecamatan(by_name("Dharmasraya"))
    seen = []
    for seed in (1, 2, 3, 4):
        for rep in iter_reports(n_satker=2, years=(2019, 2024), seed=seed):
            if rep.spec.satker.region == region and rep.truth["tally_rows"]:
                seen.append([r["label"].casefold() for r in rep.truth["tally_rows"][:-1]])
    assert len(seen) >= 2
    assert all(s == [name.casefold() for name, _ in kecamatan(region)] for s in seen)


def test_daftar_tabel_matches_captions(archive: list[Report]) -> None:
    for rep in archive:
        lines = _lines(rep)
        for t in rep.spec.tables:
            if t.number is None:
                continue
            listed = lines[rep.rendering.anchors[f"daftar:{t.key}"] - 1]
            assert listed.startswith(f"Tabel {t.number} {t.title}"), (rep.name, listed)


def test_prose_agrees_with_tables(archive: list[Report]) -> None:
    from lkj.normalize.terbilang import words_to_int

    for rep in archive:
        lines, t = _lines(rep), rep.truth
        jenis = next(
            r for r in t["budget_lines"] if r["level"] == "jenis_belanja" and r["is_total"]
        )
        line = lines[rep.rendering.anchors["prose:pagu"] - 1]
        assert _rp(line) == [jenis["pagu"], jenis["realisasi"]], rep.name
        words = re.search(r"\(([A-Z][a-z ]+) rupiah\)", line)
        assert words and words_to_int(words[1]) == jenis["pagu"]
        pct = re.search(r"atau ([\d.,]+) %", line)
        assert pct and float(pct[1].replace(",", ".")) == jenis["realisasi_pct"]
        n = re.search(r"dari (\d+) indikator kinerja", rep.text)
        capaian = [r for r in t["performance"] if r["capaian"]["raw"] is not None]
        assert n and int(n[1]) == len(capaian)


# -- injections ----------------------------------------------------------------


@pytest.fixture(scope="module")
def clean6() -> list[Report]:
    return iter_reports(n_satker=6, years=(2019, 2024), seed=5)


def _row_lines(lines: list[str], line: int) -> list[int]:
    """0-based indexes of a row's lines: its first, and after a page break its figures."""
    out = [line - 1]
    k = line
    while k < len(lines) and not lines[k].strip():
        k += 1
    if k > line and k < len(lines):
        out.append(k)
    return out


@pytest.mark.parametrize("kind", INJECT_KINDS)
def test_each_injection_changes_the_report(kind: str, clean6: list[Report]) -> None:
    dirty = iter_reports(n_satker=6, years=(2019, 2024), seed=5, inject={kind: 1.0})
    hit = 0
    for c, d in zip(clean6, dirty, strict=True):
        inj = d.truth["injected"]
        assert all(i["kind"] == kind for i in inj)
        if not inj:
            assert c.text == d.text
            continue
        hit += 1
        assert c.text != d.text
        cl, dl = _lines(c), _lines(d)
        assert len(cl) == len(dl)
        for i in inj:
            assert set(i) == {"kind", "table", "line", "field", "expected", "actual", "description"}
            assert i["expected"] != i["actual"]
            assert any(cl[k] != dl[k] for k in _row_lines(dl, i["line"])), (d.name, i)
    assert hit >= 3, f"{kind} applied to only {hit} of 12 reports"


def test_injected_truth_holds_printed_values() -> None:
    reps = iter_reports(n_satker=2, seed=5, inject={"capaian_mismatch": 1.0, "total_mismatch": 1.0})
    for rep in reps:
        for i in rep.truth["injected"]:
            recs = [
                r
                for r in rep.truth["performance"] + rep.truth["budget_lines"]
                if r["line"] == i["line"]
            ]
            assert recs
            rec = recs[0]
            printed = (
                rec["capaian"]["value"] if i["kind"] == "capaian_mismatch" else rec[i["field"]]
            )
            assert printed == i["actual"]


def test_inject_all_and_errors() -> None:
    assert set(rates_from("all")) == set(INJECT_KINDS)
    assert rates_from(None) == {}
    assert rates_from({"all": 0.5, "mixed_styles": 1.0})["mixed_styles"] == 1.0
    with pytest.raises(ValueError):
        rates_from({"no_such_kind": 1.0})
    reps = iter_reports(n_satker=4, seed=9, inject="all")
    kinds = {i["kind"] for r in reps for i in r.truth["injected"]}
    assert len(kinds) >= 6


# -- layout variants -------------------------------------------------------------

VARIANTS = {
    "caption:dot_space",
    "caption:dot_nospace",
    "caption:trailing_dot",
    "caption:star",
    "caption:plain",
    "title:same_line",
    "title:next_line",
    "title:next_lines",
    "caption_after",
    "uncaptioned",
    "daftar",
    "header_two_rows",
    "colnum:paren",
    "colnum:plain",
    "group_rows",
    "same_as_above",
    "wrapped_cell",
    "page_break",
    "money:id",
    "money:us",
    "money:rp",
    "dash_zero",
    "pct:sign",
    "pct:space",
    "pct:bare",
    "pct:decimal_comma",
    "qty_unit",
    "qty_percent",
    "qualitative",
    "date:title",
    "date:upper",
    "terbilang",
    "html",
    "dipa:table",
    "dipa:prose",
    "signing_date",
    "subtotal_rows",
    "tally:words",
    "tally:letters",
    "tally:two_rows",
    "tally:total_in_no",
    "tally:id",
    "tally:us",
}

TEXT_PATTERNS = {
    "Tabel. 3.1": r"^Tabel\. \d",
    "Tabel.3.3": r"^Tabel\.\d",
    "Tabel 3.1.": r"^Tabel \d+\.\d+\.$",
    "*Tabel 3.1": r"^\*Tabel \d",
    "number and title on one line": r"^Tabel \d+(\.\d+)? Realisasi Anggaran",
    "Sasaran heading": r"^Sasaran \d+ :",
    "SASARAN heading (no caption)": r"^SASARAN \d+ ",
    "two-row header": r"^No\tINDIKATOR KINERJA\tKINERJA\t\t$",
    "(1)\t(2)": r"^\(1\)\t\(2\)\t\(3\)",
    "1\t2\t3": r"^1\t2\t3(\t|$)",
    "same as above": r"^\t\t[^\t]+\t[^\t]+$",
    "Indonesian money": r"\t\d{1,3}(\.\d{3}){2,}\t",
    "US money": r"\t\d{1,3}(,\d{3}){2,}\t",
    "Rp.x,-": r"\tRp\.\d{1,3}(\.\d{3})+,-",
    "dash": r"\t-\t",
    "70%": r"\t\d+%\t",
    "0,20%": r"\t\d+,\d+%",
    "100 %": r"\t\d+ %",
    "10 kali": r"\t\d+ kali\t",
    "1 Lembaga 100%": r"\t\d+(\.0)? (Lembaga|Layanan) \(?100 ?%",
    "qualitative": r"\t(B|BB|WTP)\t",
    "9 JANUARI 2024": r"\t\d{1,2} [A-Z]{3,9} \d{4}\t",
    "22 Maret 2019": r"\t\d{1,2} [A-Z][a-z]+ \d{4}\t",
    "terbilang": r"\((Se|Satu|Dua|Tiga|Empat|Lima|Enam|Tujuh|Delapan|Sembilan)[a-z ]+ rupiah\)",
    "<p>": r"<p>",
    "Revisi DIPA prose": r"telah dilaksanakan Revisi DIPA sebesar Rp",
    "DAFTAR TABEL": r"DAFTAR TABEL$",
    "DPT header": r"^NO\tKECAMATAN\tLAKI-LAKI\tPEREMPUAN\tJUMLAH$",
    "DPT header L / P": r"^No\.\tKecamatan\tL\tP\tL \+ P$",
    "DPT two-row header": r"^NO\tKECAMATAN\tJUMLAH PEMILIH\t\t\n\t\tLAKI-LAKI\tPEREMPUAN\tTOTAL$",
    "DPT total in the name column": r"^\t(JUMLAH|TOTAL)\t\d{1,3}([.,]\d{3})+\t",
    "DPT total in the NO column": r"^(JUMLAH|TOTAL)\t\t\d{1,3}([.,]\d{3})+\t",
    "program subtotal row": r"^\t076\.01\.\w\w\tProgram [^\t]+(\t[^\t]*){4,5}$",
}


def test_every_layout_variant_occurs(archive: list[Report]) -> None:
    seen = set().union(*(set(r.truth["generator"]["variants"]) for r in archive))
    assert seen >= VARIANTS, sorted(VARIANTS - seen)
    missing = [
        name
        for name, pat in TEXT_PATTERNS.items()
        if not any(re.search(pat, r.text, re.M) for r in archive)
    ]
    assert not missing, missing


def test_caption_after_reports_caption_every_table_below(archive: list[Report]) -> None:
    after = [r for r in archive if r.truth["generator"]["layout"]["caption_after"]]
    assert after
    for rep in after:
        lines = _lines(rep)
        for t in rep.spec.tables:
            if t.number is None:
                continue
            rows = [r.line for r in rep.rendering.rows if r.table_key == t.key]
            cap = rep.rendering.anchors[f"caption:{t.key}"]
            assert rows and cap > max(rows), (rep.name, t.key)
            assert lines[cap - 2] == ""


def test_report_size(archive: list[Report]) -> None:
    sizes = [len(_lines(r)) for r in archive]
    assert min(sizes) > 150 and max(sizes) < 1000
    for rep in archive:
        assert len([t for t in rep.spec.tables]) >= 5
