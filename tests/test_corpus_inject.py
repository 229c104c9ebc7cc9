"""lkj.corpus injections: each kind changes the printed text the way its description says.

Every test generates the same 12 reports clean and with one kind at rate 1.0, then reads
the dirty text at the recorded line and checks that exactly the stated relation is broken
(and the clean report keeps it).
"""

from __future__ import annotations

import functools
import random
import re
from collections import defaultdict
from copy import deepcopy

from lkj.corpus import generate_report, iter_reports
from lkj.corpus.generator import Report
from lkj.corpus.inject import APPLY
from lkj.corpus.regions import by_name
from lkj.corpus.spec import Val
from lkj.normalize.numbers import parse_money

_RP = re.compile(r"Rp\. ([\d.,]+),-")


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def _rp(text: str) -> list[int]:
    return [int(_digits(m)) for m in _RP.findall(text)]


def _line(rep: Report, no: int) -> str:
    return rep.text.split("\n")[no - 1]


@functools.cache
def _clean() -> tuple[Report, ...]:
    return tuple(iter_reports(n_satker=6, years=(2019, 2024), seed=5))


@functools.cache
def _pairs(kind: str) -> tuple[tuple[Report, Report], ...]:
    """(clean, dirty) for every report the kind was applied to."""
    dirty = iter_reports(n_satker=6, years=(2019, 2024), seed=5, inject={kind: 1.0})
    out = tuple((c, d) for c, d in zip(_clean(), dirty, strict=True) if d.truth["injected"])
    assert len(out) >= 3, kind
    return out


def _only(d: Report) -> dict:
    (inj,) = d.truth["injected"]
    return inj


def _table_revs(rep: Report) -> list[dict]:
    return [r for r in rep.truth["dipa_revisions"] if r["origin"] == "table"]


def _label_no(label: str) -> int:
    return 0 if label == "AWAL" else int(label.removeprefix("REVISI "))


# -- DIPA ------------------------------------------------------------------------------


def test_dipa_sequence_gap_skips_one_label() -> None:
    for c, d in _pairs("dipa_sequence_gap"):
        inj = _only(d)
        revs, clean = _table_revs(d), _table_revs(c)
        nos = [_label_no(r["label_raw"]) for r in revs]
        steps = [b - a for a, b in zip(nos, nos[1:], strict=False)]
        assert sorted(steps) == [1] * (len(steps) - 1) + [2], (d.name, nos)
        after = revs[steps.index(2) + 1]
        assert after["line"] == inj["line"] and after["label_raw"] == inj["actual"]
        assert inj["actual"] in _line(d, inj["line"]).split("\t")
        assert inj["expected"] in _line(c, inj["line"]).split("\t")
        assert after["seq"] == _label_no(inj["actual"])  # seq as the label numbers it
        # only the labels moved: amounts, dates and the NO column are as in the clean report
        assert [(r["amount"], r["date"]) for r in revs] == [(r["amount"], r["date"]) for r in clean]
        nos_col = [_line(d, r["line"]).split("\t")[0] for r in revs]
        assert nos_col == [f"{i}." for i in range(1, len(revs) + 1)]
        assert [_label_no(r["label_raw"]) for r in clean] == list(range(len(clean)))


def test_dipa_date_outside_year_keeps_the_order() -> None:
    offsets = set()
    for c, d in _pairs("dipa_date_outside_year"):
        inj = _only(d)
        year = d.spec.year
        revs = _table_revs(d)
        outside = [r for r in revs[1:] if r["date"][:4] != str(year)]
        assert [r["line"] for r in outside] == [inj["line"]], d.name
        assert outside[0]["date"] == inj["actual"]
        assert revs[0] == _table_revs(c)[0]  # AWAL untouched
        dates = [r["date"] for r in revs if r["date"]]
        assert dates == sorted(dates), "the dates stay in order"
        printed_year = int(inj["actual"][:4])
        assert re.search(rf"\t\d{{1,2}} \w+ {printed_year}\t", _line(d, inj["line"]))
        assert re.search(rf"\t\d{{1,2}} \w+ {year}\t", _line(c, inj["line"]))
        offsets.add(printed_year - year)
    assert offsets == {-1, 1}


def test_dipa_delta_mismatch_breaks_the_prose_sentence() -> None:
    for c, d in _pairs("dipa_delta_mismatch"):
        inj = _only(d)
        assert inj["table"] is None
        line, clean_line = _line(d, inj["line"]), _line(c, inj["line"])
        assert "Revisi DIPA sebesar" in line
        (initial,) = _rp(re.search(r"menerima alokasi DIPA sebesar [^\n]+", d.text)[0])
        prose = [r for r in d.truth["dipa_revisions"] if r["origin"] == "prose"]
        i = next(k for k, r in enumerate(prose) if r["line"] == inj["line"])
        base = initial if i == 0 else prose[i - 1]["amount"]
        delta, amount = _rp(line)
        assert delta == inj["actual"] == prose[i]["delta"]
        assert amount - base == inj["expected"] != delta
        c_delta, c_amount = _rp(clean_line)
        assert (c_delta, c_amount) == (c_amount - base, amount)


def test_dipa_final_mismatch_in_prose_keeps_the_delta_coherent() -> None:
    n = 0
    for _c, d in _pairs("dipa_final_mismatch"):
        if d.spec.dipa_mode != "prose":
            continue
        n += 1
        inj = _only(d)
        prose = [r for r in d.truth["dipa_revisions"] if r["origin"] == "prose"]
        (initial,) = _rp(re.search(r"menerima alokasi DIPA sebesar [^\n]+", d.text)[0])
        base = initial
        for r in prose:
            assert r["delta"] == r["amount"] - base > 0, d.name
            base = r["amount"]
        assert prose[-1]["amount"] == inj["actual"] != inj["expected"]
    assert n >= 2


# -- budget tables ---------------------------------------------------------------------


def test_malformed_number_is_unreadable_and_null() -> None:
    forms = set()
    for c, d in _pairs("malformed_number"):
        inj = _only(d)
        raw = inj["actual"]
        value = parse_money(raw)
        assert value.value is None and "malformed" in value.flags, raw
        groups = re.findall(r"\d+", raw.removeprefix("Rp."))
        assert any(len(g) != 3 for g in groups[1:]) or len(groups[0]) > 3
        forms.add("extra_digit" if any(len(g) == 4 for g in groups[1:]) else "shifted_mark")
        # one cell differs from the clean report: it reads as the expected amount there
        clean_lines, dirty_lines = c.text.split("\n"), d.text.split("\n")
        diff = [
            (a, b)
            for ln_c, ln_d in zip(clean_lines, dirty_lines, strict=True)
            if ln_c != ln_d
            for a, b in zip(ln_c.split("\t"), ln_d.split("\t"), strict=True)
            if a != b
        ]
        assert len(diff) == 1 and diff[0][1] == raw
        assert parse_money(diff[0][0]).value == inj["expected"]
        rec = next(r for r in d.truth["budget_lines"] if r["line"] == inj["line"])
        clean_rec = next(r for r in c.truth["budget_lines"] if r["line"] == inj["line"])
        assert rec[inj["field"]] is None and clean_rec[inj["field"]] == inj["expected"]
        assert {k: v for k, v in rec.items() if k != inj["field"]} == {
            k: v for k, v in clean_rec.items() if k != inj["field"]
        }
    assert forms == {"extra_digit", "shifted_mark"}


def test_malformed_number_never_hides_another_injection() -> None:
    """The unreadable cell's row, column total and subtotal carry no other injection."""
    kinds = ("total_mismatch", "sisa_mismatch", "pct_mismatch", "subtotal_mismatch")
    n = 0
    for seed in (5, 6, 7):
        reps = iter_reports(
            n_satker=6, seed=seed, inject={**dict.fromkeys(kinds, 1.0), "malformed_number": 1.0}
        )
        for rep in reps:
            injected = rep.truth["injected"]
            for bad in (i for i in injected if i["kind"] == "malformed_number"):
                n += 1
                others = [i for i in injected if i["kind"] != "malformed_number"]
                assert not [i for i in others if i["line"] == bad["line"]], rep.name
                assert not [
                    i
                    for i in others
                    if i["kind"] == "total_mismatch"
                    and (i["table"], i["field"]) == (bad["table"], bad["field"])
                ], rep.name
                recs = [r for r in rep.truth["budget_lines"] if r["table"] == bad["table"]]
                for prog, outs in _groups(recs) if recs[0]["level"] == "program" else []:
                    if any(o["line"] == bad["line"] for o in outs):
                        assert (prog["line"], bad["field"]) not in [
                            (i["line"], i["field"]) for i in others
                        ], rep.name
    assert n >= 30


def _groups(recs: list[dict]) -> list[tuple[dict, list[dict]]]:
    out: list[tuple[dict, list[dict]]] = []
    for r in recs:
        if r["is_total"]:
            continue
        if r["level"] == "program":
            out.append((r, []))
        else:
            out[-1][1].append(r)
    return out


def test_subtotal_mismatch_breaks_one_program_row() -> None:
    for c, d in _pairs("subtotal_mismatch"):
        inj = _only(d)
        f = inj["field"]
        recs = [r for r in d.truth["budget_lines"] if r["table"] == inj["table"]]
        groups = _groups(recs)
        assert len(groups) >= 2
        bad = [
            p
            for p, outs in groups
            if any(p[k] != sum(o[k] for o in outs) for k in ("pagu", "realisasi"))
        ]
        assert [p["line"] for p in bad] == [inj["line"]], d.name
        prog = bad[0]
        outs = next(o for p, o in groups if p is prog)
        assert prog[f] == inj["actual"] and sum(o[f] for o in outs) == inj["expected"]
        assert prog["sisa"] == prog["pagu"] - prog["realisasi"]
        assert str(inj["actual"]) in _digits(_line(d, inj["line"]))
        # JUMLAH = the outputs (as in the clean report), so it differs from the program rows
        (total,) = [r for r in recs if r["is_total"]]
        (clean_total,) = [
            r for r in c.truth["budget_lines"] if r["table"] == inj["table"] and r["is_total"]
        ]
        assert total == clean_total
        for k in ("pagu", "realisasi", "sisa"):
            assert total[k] == sum(o[k] for _, outs in groups for o in outs)
        assert total[f] != sum(p[f] for p, _ in groups)


# -- voter tally -------------------------------------------------------------------------


def test_tally_mismatch_rows_or_total() -> None:
    forms = set()
    for c, d in _pairs("tally_mismatch"):
        inj = d.truth["injected"]
        rows = d.truth["tally_rows"]
        body, total = rows[:-1], rows[-1]
        row_bad = [r for r in rows if r["laki"] + r["perempuan"] != r["jumlah"]]
        col_bad = [
            k for k in ("laki", "perempuan", "jumlah") if total[k] != sum(r[k] for r in body)
        ]
        assert all(r["laki"] + r["perempuan"] == r["jumlah"] for r in c.truth["tally_rows"])
        if len(inj) == 2:  # two rows' JUMLAH off by +d and -d
            forms.add("rows")
            assert [r["line"] for r in row_bad] == [i["line"] for i in inj]
            assert not col_bad and total["is_total"]
            for i, r in zip(inj, row_bad, strict=True):
                assert r["jumlah"] == i["actual"] and r["laki"] + r["perempuan"] == i["expected"]
                assert _line(d, i["line"]).split("\t")[-1] != _line(c, i["line"]).split("\t")[-1]
            assert inj[0]["actual"] - inj[0]["expected"] == inj[1]["expected"] - inj[1]["actual"]
        else:  # the total row off in one sex column and (so it adds up itself) in JUMLAH
            forms.add("total")
            (i,) = inj
            assert not row_bad and i["line"] == total["line"]
            assert sorted(col_bad) == sorted([i["field"], "jumlah"])
            assert total[i["field"]] == i["actual"]
            assert sum(r[i["field"]] for r in body) == i["expected"]
            assert total["label"] in _line(d, i["line"]).split("\t")[:2]
    assert forms == {"rows", "total"}


# -- prose and PK ----------------------------------------------------------------------


def test_prose_mismatch_realisasi() -> None:
    hits = [
        (c, d, i)
        for c, d in _pairs("prose_mismatch")
        for i in d.truth["injected"]
        if i["field"] == "realisasi"
    ]
    assert hits
    for c, d, i in hits:
        jenis = next(
            r for r in d.truth["budget_lines"] if r["level"] == "jenis_belanja" and r["is_total"]
        )
        assert _rp(_line(d, i["line"])) == [jenis["pagu"], i["actual"]]
        assert _rp(_line(c, i["line"])) == [jenis["pagu"], jenis["realisasi"]]
        assert i["expected"] == jenis["realisasi"] != i["actual"]


def test_prose_mismatch_pct_is_recorded_in_both_sentences() -> None:
    hits = [
        (c, d)
        for c, d in _pairs("prose_mismatch")
        if d.truth["injected"][0]["field"] == "realisasi_pct"
    ]
    assert hits
    for c, d in hits:
        inj = d.truth["injected"]
        assert len(inj) == 2 and inj[0]["line"] < inj[1]["line"]
        for i in inj:
            printed = f"{i['actual']:.2f}".rstrip("0").rstrip(".")
            assert re.search(rf"{printed.replace('.', '[.,]')} %", _line(d, i["line"]))
            assert _line(c, i["line"]) != _line(d, i["line"])


def test_pk_target_mismatch_counts_move_in_whole_steps() -> None:
    """Regression: a count target of 1 became 0.9 in the truth and "0 laporan" in the text."""
    rep = generate_report(by_name("Ogan Ilir"), 2019, seed=5)
    for target, new in ((1.0, 2.0), (5.0, 4.0)):
        spec = deepcopy(rep.spec)
        for ind in spec.indicators:  # one count indicator is the only candidate
            ind.target = Val("qualitative", word="B")
        ind = spec.indicators[0]
        ind.paragraph_group = None
        ind.target = ind.pk_target = Val("quantity", target, unit="laporan")
        (inj,) = APPLY["pk_target_mismatch"](spec, random.Random(0))
        assert (inj.expected, inj.actual) == (target, new)
        assert ind.pk_target.number == new
    # and through the generator: every count PK target printed is a whole number >= 1
    n = 0
    for _c, d in _pairs("pk_target_mismatch"):
        inj = _only(d)
        rec = next(r for r in d.truth["performance"] if r["line"] == inj["line"])
        unit = rec["target"]["unit"]
        if unit in (None, "%"):
            continue
        n += 1
        assert inj["actual"] >= 1 and inj["actual"] == int(inj["actual"])
        assert f"{int(inj['actual'])} {unit}" in _line(d, inj["line"]).split("\t")
        assert rec["target"]["value"] == inj["actual"]
    assert n >= 1


def test_new_kinds_apply_independently() -> None:
    """Turning a new kind on never moves what an existing kind does."""
    base = iter_reports(n_satker=3, seed=5, inject={"total_mismatch": 1.0, "sisa_mismatch": 1.0})
    more = iter_reports(
        n_satker=3,
        seed=5,
        inject={
            "total_mismatch": 1.0,
            "sisa_mismatch": 1.0,
            "dipa_sequence_gap": 1.0,
            "tally_mismatch": 1.0,
        },
    )
    for a, b in zip(base, more, strict=True):
        old = a.truth["injected"]
        new = [i for i in b.truth["injected"] if i["kind"] in ("total_mismatch", "sisa_mismatch")]
        assert old == new
        kinds: dict[str, int] = defaultdict(int)
        for i in b.truth["injected"]:
            kinds[i["kind"]] += 1
        assert kinds["total_mismatch"] == 1


def test_injections_do_not_undo_each_other() -> None:
    """Regressions from scoring the checks: a capaian injected onto a value another formula
    gives, a date order undone by a later date move, a wrong subtotal cancelling a wrong
    JUMLAH, a prose pagu equal to an injected JUMLAH. Each injection stays detectable."""
    from lkj.corpus.inject import _formula_values

    reports = iter_reports(n_satker=12, years=(2019, 2024), seed=23, inject="all")
    for rep in reports:
        kinds = [i["kind"] for i in rep.truth["injected"]]
        assert not (
            {"total_mismatch", "subtotal_mismatch"} <= set(kinds)
            and any(
                i["kind"] == "subtotal_mismatch"
                and any(
                    j["kind"] == "total_mismatch" and j["table"] == i["table"]
                    for j in rep.truth["injected"]
                )
                for i in rep.truth["injected"]
            )
        )
        order = [i for i in rep.truth["injected"] if i["kind"] == "dipa_date_order"]
        if order:
            assert "dipa_date_outside_year" not in kinds
        for inj in rep.truth["injected"]:
            if inj["kind"] == "capaian_mismatch":
                ind = next(i for i in rep.spec.indicators if i.capaian.number == inj["actual"])
                assert all(abs(inj["actual"] - v) > 1.5 for v in _formula_values(ind))
