"""Writing a report's lines and its tables (tab-separated rows), recording every row.

:class:`TextRenderer` writes line by line through :meth:`TextRenderer.add`, which
returns the 1-based number of the line it wrote; every table row records that
number as it is written, so the truth's line numbers are exact by construction
(and the tests check them against the text). Everything cosmetic comes from the
:class:`~lkj.corpus.layout.Layout` and the report's own seeded ``Chooser``. The
document around the tables (headings, prose, Daftar Tabel) is in
:mod:`lkj.corpus.render_text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import numfmt
from .choice import Chooser
from .layout import Layout, caption_lines, split_title
from .numfmt import EMPTY, Printed
from .spec import (
    BudgetRow,
    BudgetTable,
    DipaTable,
    HistoryTable,
    Indicator,
    PerfTable,
    ReportSpec,
    Sasaran,
    Table,
    TallyTable,
    Val,
)


@dataclass
class RenderedRow:
    """One record as printed: where it starts and what each of its cells says."""

    kind: str  # "performance" | "budget" | "dipa" | "history" | "tally"
    key: str  # spec key of the row
    table_key: str | None
    table: str | None  # caption number as printed, None when uncaptioned / prose
    line: int
    values: dict[str, Printed] = field(default_factory=dict)
    labels: dict[str, object] = field(default_factory=dict)


@dataclass
class _Row:
    cells: list[str]
    rec: list[RenderedRow] = field(default_factory=list)  # records starting on this line
    wrap: tuple[int, str] | None = None  # column and the text on the next line
    break_at: int | None = None  # cells from here on sit on a later line (page break)


class TextRenderer:
    def __init__(self, spec: ReportSpec, layout: Layout, ch: Chooser) -> None:
        self.spec, self.lay, self.ch = spec, layout, ch
        self.lines: list[str] = []
        self.rows: list[RenderedRow] = []
        self.anchors: dict[str, int] = {}
        self.variants: set[str] = set()
        self.page_break_done = False

    # -- primitives ----------------------------------------------------------
    def add(self, text: str = "") -> int:
        assert "\n" not in text
        self.lines.append(text)
        return len(self.lines)

    def para(self, text: str) -> int:
        self.add()
        return self.add(text)

    def heading(self, text: str) -> int:
        self.add()
        return self.add(f"## {text}" if self.lay.heading_md else text)

    def tag(self, *names: str) -> None:
        self.variants.update(names)

    # -- values --------------------------------------------------------------
    def money(self, n: int | None, style: str | None = None) -> Printed:
        st = style or self.lay.money_style
        p = numfmt.money(n, st, self.lay.dash_zero)  # type: ignore[arg-type]
        if p.raw == "-":
            self.tag("dash_zero")
        elif p.raw is not None:
            self.tag("money:rp" if st.startswith("rp") else f"money:{st}")
        return p

    def budget_pct(self, x: float | None) -> Printed:
        lay = self.lay
        p = numfmt.percent(x, lay.pct_mark, lay.budget_pct_sign, lay.budget_pct_fixed, True)
        self._tag_pct(p)
        return p

    def _tag_pct(self, p: Printed) -> None:
        if p.raw is None:
            return
        if p.raw.endswith(" %"):
            self.tag("pct:space")
        elif p.raw.endswith("%"):
            self.tag("pct:sign")
        else:
            self.tag("pct:bare")
        if "," in p.raw:
            self.tag("pct:decimal_comma")

    def perf(self, v: Val, header_pct: bool = False, capaian: bool = False) -> Printed:
        lay = self.lay
        sign = lay.capaian_sign if capaian else ("" if header_pct else lay.pct_sign)
        p = numfmt.perf_value(v, lay.pct_mark, sign, lay.qty_style, header_pct, capaian)
        if v.kind == "percent":
            self._tag_pct(p)
        elif v.kind == "quantity":
            self.tag("qty_percent" if v.percent is not None else "qty_unit")
        else:
            self.tag("qualitative")
        return p

    def rp(self, n: int) -> str:
        st = "us" if self.lay.money_style == "us" else "id"
        return f"Rp. {numfmt.money(n, st).raw},-"  # type: ignore[arg-type]

    def prose_pct(self, x: float) -> str:
        return numfmt.decimal(x, self.lay.pct_mark, True) + " %"

    # -- tables --------------------------------------------------------------
    def caption(self, t: Table) -> None:
        assert t.number is not None
        lines = caption_lines(self.lay.caption_style, self.lay.title_mode, t.number, t.title)
        self.tag(f"caption:{self.lay.caption_style}", f"title:{self.lay.title_mode}")
        for i, text in enumerate(lines):
            no = self.add(text)
            if i == 0:
                self.anchors[f"caption:{t.key}"] = no

    def table(self, t: Table, head: list[list[str]], body: list[_Row]) -> None:
        after = self.lay.caption_after and t.number is not None
        self.add()
        if t.number is None:
            self.tag("uncaptioned")
        elif not after:
            self.caption(t)
            self.add()
        else:
            self.tag("caption_after")
        for cells in head:
            self.add("\t".join(cells))
        for row in body:
            self.emit(row)
        if after:
            self.add()
            self.caption(t)

    def emit(self, row: _Row) -> None:
        n = len(row.cells)
        if row.break_at is not None:
            k = row.break_at
            first = self.add("\t".join(row.cells[:k]))
            for _ in range(self.ch.randint(2, 3)):
                self.add()
            self.add("\t".join([""] * k + row.cells[k:]))
            self.tag("page_break")
        else:
            first = self.add("\t".join(row.cells))
        if row.wrap is not None:
            col, rest = row.wrap
            cont = [""] * n
            cont[col] = rest
            self.add("\t".join(cont))
            self.tag("wrapped_cell")
        for rec in row.rec:
            rec.line = first
            self.rows.append(rec)

    def colnum(self, n: int) -> list[list[str]]:
        mode = self.ch.choice((None, "paren", "plain"))
        if mode is None:
            return []
        self.tag(f"colnum:{mode}")
        return [[f"({i})" if mode == "paren" else str(i) for i in range(1, n + 1)]]

    def wrap_text(self, text: str) -> tuple[str, tuple[int, str] | None, str]:
        """(cell text, wrap, indikator as the gold writes it)."""
        if self.lay.wrap and len(text) > 45 and self.ch.coin(0.3):
            a, b = split_title(text)
            return a, (0, b), text
        if self.lay.html and self.ch.coin(0.2):
            self.tag("html")
            return f"<p>{text}</p>", None, text
        return text, None, text

    # -- performance tables --------------------------------------------------
    def _ind_groups(self, s: Sasaran) -> list[list[Indicator]]:
        groups: list[list[Indicator]] = []
        for ind in s.indicators:
            if (
                groups
                and ind.paragraph_group
                and groups[-1][0].paragraph_group == ind.paragraph_group
            ):
                groups[-1].append(ind)
            else:
                groups.append([ind])
        return groups

    def _ind_cell(self, group: list[Indicator], col: int) -> tuple[str, tuple[int, str] | None]:
        if len(group) > 1:
            self.tag("html")
            return " ".join(f"<p>{i.text}</p>" for i in group), None
        cell, wrap, _ = self.wrap_text(group[0].text)
        return cell, (col, wrap[1]) if wrap else None

    def perf_table(self, t: PerfTable) -> None:
        if t.kind == "pk":
            self.pk_table(t)
        else:
            self.capaian_table(t)

    def pk_table(self, t: PerfTable) -> None:
        head = [["No", "Sasaran Strategis", "Indikator Kinerja", "Target"], *self.colnum(4)]
        body: list[_Row] = []
        for s in (self.spec.sasaran_by_no(no) for no in t.sasaran_nos):
            for gi, group in enumerate(self._ind_groups(s)):
                cell, wrap = self._ind_cell(group, 2)
                target = self.perf(group[0].pk_target)
                if gi:
                    self.tag("same_as_above")
                cells = [
                    f"{s.no}." if gi == 0 else "",
                    s.text if gi == 0 else "",
                    cell,
                    target.raw or "",
                ]
                recs = [
                    RenderedRow(
                        "performance",
                        i.key + ":pk",
                        t.key,
                        t.number,
                        0,
                        {"target": target, "realisasi": EMPTY, "capaian": EMPTY},
                        {"sasaran": s.text, "indikator": i.text, "formula": None},
                    )
                    for i in group
                ]
                body.append(_Row(cells, recs, wrap))
        self.table(t, head, body)

    def capaian_table(self, t: PerfTable) -> None:
        ch = self.ch
        header_pct = ch.coin(0.25)
        if ch.coin(0.5):
            self.tag("header_two_rows")
            head = [
                ["No", "INDIKATOR KINERJA", "KINERJA", "", ""],
                ["", "", "TARGET", "REALISASI", "PERSENTASE CAPAIAN"],
            ]
            header_pct = False
        elif header_pct:
            head = [["No", "Indikator Kinerja", "Target (%)", "Realisasi (%)", "Capaian (%)"]]
        else:
            head = [["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian"]]
        head += self.colnum(5)
        body: list[_Row] = []
        n = 0
        for s in (self.spec.sasaran_by_no(no) for no in t.sasaran_nos):
            if t.group_rows:
                self.tag("group_rows")
                body.append(_Row([f"Sasaran {s.no} : {s.text}", "", "", "", ""]))
            for group in self._ind_groups(s):
                n += 1
                cell, wrap = self._ind_cell(group, 1)
                ind = group[0]
                tv = self.perf(ind.target, header_pct)
                rv = self.perf(ind.realisasi, header_pct)
                cv = self.perf(ind.capaian, header_pct, capaian=True)
                no = f"{n}." if ch.coin(0.5) else str(n)
                cells = [no, cell, tv.raw or "", rv.raw or "", cv.raw or ""]
                recs = [
                    RenderedRow(
                        "performance",
                        i.key,
                        t.key,
                        t.number,
                        0,
                        {"target": tv, "realisasi": rv, "capaian": cv},
                        {
                            "sasaran": s.text,
                            "indikator": i.text,
                            "formula": i.formula,
                            "direction": i.direction,
                        },
                    )
                    for i in group
                ]
                body.append(_Row(cells, recs, wrap))
        self.table(t, head, body)

    # -- budget tables -------------------------------------------------------
    def _money_row(self, t: BudgetTable, row: BudgetRow, idx: int) -> dict[str, Printed]:
        style = None
        if t.mixed_styles and idx % 2 == 1:
            style = "id" if self.lay.money_style == "us" else "us"
            self.tag("mixed_styles")
        vals = {
            "pagu": self.money(row.pagu, style),
            "realisasi": self.money(row.realisasi, style),
            "sisa": self.money(row.sisa, style),
            "realisasi_pct": self.budget_pct(row.realisasi_pct),
        }
        for name, form in row.malformed.items():
            raw = vals[name].raw
            assert raw is not None
            vals[name] = Printed(numfmt.malformed(raw, form))  # unreadable: no value
            self.tag("malformed_number")
        return vals

    def budget_table(self, t: BudgetTable) -> None:
        ch = self.ch
        code_col = t.kind == "output" or (t.kind == "program" and not t.code_in_name)
        has_sisa = t.kind in ("jenis", "output") or (t.kind == "program" and ch.coin(0.6))
        if t.kind == "alloc":
            cols = ["NO", "KEGIATAN YANG DILAKSANAKAN", "ANGGARAN (Rp.)"]
        elif t.kind == "satker":
            cols = ["NO.", "URAIAN", "PAGU ANGGARAN", "REALISASI", "%"]
        else:
            name_h = {"jenis": "JENIS BELANJA", "program": "PROGRAM", "output": "KEGIATAN"}[t.kind]
            cols = ["NO", *(["KODE"] if code_col else []), name_h, "PAGU (Rp.)", "REALISASI (Rp.)"]
            cols += (["SISA (Rp.)"] if has_sisa else []) + ["% REALISASI"]
        head = [cols, *self.colnum(len(cols))]
        body: list[_Row] = []
        breakable = (
            self.lay.page_break and not self.page_break_done and t.kind in ("alloc", "output")
        )
        brk = ch.randint(2, max(2, len(t.rows) - 2)) if breakable and len(t.rows) > 4 else -1
        current_prog: int | None = None
        for idx, row in enumerate(t.rows):
            if t.group_headings and row.program != current_prog and row.program is not None:
                current_prog = row.program
                self.tag("group_rows")
                body.append(_Row([t.group_headings[row.program]] + [""] * (len(cols) - 1)))
            elif t.subtotals and row.program != current_prog and row.program is not None:
                current_prog = row.program
                sub = next(s for s in t.subtotals if s.program == row.program)
                self.tag("subtotal_rows")
                body.append(self._budget_row(t, sub, 0, code_col, has_sisa, False, subtotal=True))
            body.append(self._budget_row(t, row, idx, code_col, has_sisa, brk == idx))
        if brk >= 0:
            self.page_break_done = True
        if t.total is not None:
            body.append(self._budget_row(t, t.total, len(t.rows), code_col, has_sisa, False))
        self.table(t, head, body)

    def _budget_row(
        self,
        t: BudgetTable,
        row: BudgetRow,
        idx: int,
        code_col: bool,
        has_sisa: bool,
        brk: bool,
        subtotal: bool = False,
    ) -> _Row:
        """A budget row; a program subtotal row has no number and the table's main style."""
        vals = self._money_row(t, row, idx)
        name = row.name or ""
        if t.code_in_name and row.code and not row.is_total:
            name = f"{name} ({row.code})"  # the code printed in parentheses after the name
        wrap = None
        if (
            not row.is_total
            and t.kind == "output"
            and self.lay.wrap
            and len(name) > 34
            and self.ch.coin(0.2)
        ):
            name, rest = split_title(name)
            wrap = (2 if code_col else 1, rest)
        label: str | None = row.name
        if row.is_total and t.kind == "output" and self.ch.coin(0.3):
            label, name = None, ""  # a row of figures with no label after the last item
        if row.is_total or subtotal:
            no = ""
        else:
            no = f"{idx + 1}." if t.kind in ("satker",) else str(idx + 1)
        lead = [no, *([row.code or ""] if code_col else []), name]
        if t.kind == "alloc":
            figures = [vals["pagu"]]
            vals = {"pagu": vals["pagu"], "realisasi": EMPTY, "sisa": EMPTY, "realisasi_pct": EMPTY}
        else:
            figures = [
                vals["pagu"],
                vals["realisasi"],
                *([vals["sisa"]] if has_sisa else []),
                vals["realisasi_pct"],
            ]
            if not has_sisa:
                vals["sisa"] = EMPTY
        cells = lead + [p.raw or "" for p in figures]
        rec = RenderedRow(
            "budget",
            row.key,
            t.key,
            t.number,
            0,
            vals,
            {
                "level": row.level,
                "code": row.code if code_col or t.code_in_name else None,
                "name": label,
                "is_total": row.is_total,
            },
        )
        return _Row(cells, [rec], wrap, len(lead) if brk else None)

    def dipa_table(self, t: DipaTable) -> None:
        head = [["NO", "DIPA", "JUMLAH (RP.)", "TANGGAL", "KETERANGAN"], *self.colnum(5)]
        body = []
        for pos, rev in enumerate(t.revisions, start=1):
            amount = self.money(rev.amount, self.lay.dipa_money_style)
            d = numfmt.date(rev.date, self.lay.month_upper)
            if d.raw:
                self.tag("date:upper" if self.lay.month_upper else "date:title")
            cells = [f"{pos}.", rev.label, amount.raw or "", d.raw or "", rev.note or ""]
            rec = RenderedRow(
                "dipa",
                rev.key,
                t.key,
                t.number,
                0,
                {"amount": amount, "date": d},
                {"label_raw": rev.label, "note": rev.note, "seq": rev.seq},
            )
            body.append(_Row(cells, [rec]))
        self.tag("dipa:table")
        self.table(t, head, body)

    def history_table(self, t: HistoryTable) -> None:
        head = [["NO.", "TAHUN", "PAGU", "REALISASI", "%"], *self.colnum(5)]
        body = []
        for i, h in enumerate(t.rows, start=1):
            vals = {
                "pagu": self.money(h.pagu),
                "realisasi": self.money(h.realisasi),
                "realisasi_pct": self.budget_pct(h.realisasi_pct),
            }
            cells = [
                str(i),
                str(h.year),
                *(vals[k].raw or "" for k in ("pagu", "realisasi", "realisasi_pct")),
            ]
            body.append(
                _Row(
                    cells,
                    [RenderedRow("history", h.key, t.key, t.number, 0, vals, {"year": h.year})],
                )
            )
        self.table(t, head, body)

    # -- voter tally (DPT) ------------------------------------------------------
    def tally_table(self, t: TallyTable) -> None:
        """Kecamatan rows, L / P / L + P, a total row labelled in the name or the NO column."""
        ch = self.ch
        header = ch.choice(("words", "letters", "two_rows"))
        self.tag(f"tally:{header}")
        if header == "words":
            head = [["NO", "KECAMATAN", "LAKI-LAKI", "PEREMPUAN", "JUMLAH"]]
        elif header == "letters":
            head = [["No.", "Kecamatan", "L", "P", "L + P"]]
        else:
            head = [
                ["NO", "KECAMATAN", "JUMLAH PEMILIH", "", ""],
                ["", "", "LAKI-LAKI", "PEREMPUAN", "TOTAL"],
            ]
        head += self.colnum(5)
        sep = "," if self.lay.money_style == "us" else "."
        upper, dotted, label_in_no = ch.coin(0.3), ch.coin(0.5), ch.coin(0.4)
        body = []
        for no, row in enumerate([*t.rows, t.total], start=1):
            vals = {
                "laki": numfmt.count(row.laki, sep),
                "perempuan": numfmt.count(row.perempuan, sep),
                "jumlah": numfmt.count(row.jumlah, sep),
            }
            label = row.label.upper() if upper and not row.is_total else row.label
            if not row.is_total:
                lead = [f"{no}." if dotted else str(no), label]
            elif label_in_no:
                lead = [label, ""]
                self.tag("tally:total_in_no")
            else:
                lead = ["", label]
            cells = lead + [vals[k].raw or "" for k in ("laki", "perempuan", "jumlah")]
            labels: dict[str, object] = {"label": label, "is_total": row.is_total}
            rec = RenderedRow("tally", row.key, t.key, t.number, 0, vals, labels)
            body.append(_Row(cells, [rec]))
        self.tag("tally:us" if sep == "," else "tally:id")
        self.table(t, head, body)

    def any_table(self, t: Table) -> None:
        if isinstance(t, PerfTable):
            self.perf_table(t)
        elif isinstance(t, BudgetTable):
            self.budget_table(t)
        elif isinstance(t, DipaTable):
            self.dipa_table(t)
        elif isinstance(t, TallyTable):
            self.tally_table(t)
        else:
            self.history_table(t)
