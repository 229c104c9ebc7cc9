"""Render a ReportSpec as an LKj text conversion (tab-separated table rows).

The renderer writes line by line through :meth:`TextRenderer.add`, which returns
the 1-based number of the line it wrote; every table row records that number as
it is written, so the truth's line numbers are exact by construction (and the
tests check them against the text). Everything cosmetic comes from the
:class:`~lkj.corpus.layout.Layout` and the report's own seeded ``Chooser``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import numfmt, prose
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
    Val,
)

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass
class RenderedRow:
    """One record as printed: where it starts and what each of its cells says."""

    kind: str  # "performance" | "budget" | "dipa" | "history"
    key: str  # spec key of the row
    table_key: str | None
    table: str | None  # caption number as printed, None when uncaptioned / prose
    line: int
    values: dict[str, Printed] = field(default_factory=dict)
    labels: dict[str, object] = field(default_factory=dict)


@dataclass
class Rendering:
    text: str
    rows: list[RenderedRow]
    anchors: dict[str, int]  # "caption:<table>", "daftar:<table>", "prose:pagu", ...
    variants: list[str]

    def line_of(self, key: str) -> int | None:
        return next((r.line for r in self.rows if r.key == key), None)


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
        return {
            "pagu": self.money(row.pagu, style),
            "realisasi": self.money(row.realisasi, style),
            "sisa": self.money(row.sisa, style),
            "realisasi_pct": self.budget_pct(row.realisasi_pct),
        }

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
            body.append(self._budget_row(t, row, idx, code_col, has_sisa, brk == idx))
        if brk >= 0:
            self.page_break_done = True
        if t.total is not None:
            body.append(self._budget_row(t, t.total, len(t.rows), code_col, has_sisa, False))
        self.table(t, head, body)

    def _budget_row(
        self, t: BudgetTable, row: BudgetRow, idx: int, code_col: bool, has_sisa: bool, brk: bool
    ) -> _Row:
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
        no = "" if row.is_total else (f"{idx + 1}." if t.kind in ("satker",) else str(idx + 1))
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
        for rev in t.revisions:
            amount = self.money(rev.amount, self.lay.dipa_money_style)
            d = numfmt.date(rev.date, self.lay.month_upper)
            if d.raw:
                self.tag("date:upper" if self.lay.month_upper else "date:title")
            cells = [f"{rev.seq + 1}.", rev.label, amount.raw or "", d.raw or "", rev.note or ""]
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

    def any_table(self, t: Table) -> None:
        if isinstance(t, PerfTable):
            self.perf_table(t)
        elif isinstance(t, BudgetTable):
            self.budget_table(t)
        elif isinstance(t, DipaTable):
            self.dipa_table(t)
        else:
            self.history_table(t)


# -- the report, front to back -------------------------------------------------


def _daftar(r: TextRenderer) -> None:
    spec = r.spec
    r.heading("DAFTAR TABEL")
    r.add()
    page = r.ch.randint(12, 20)
    for t in spec.tables:
        if t.number is None:
            continue
        number = spec.daftar_numbers.get(t.key, t.number)
        dots = "." * r.ch.randint(3, 12) if r.ch.coin(0.5) else ""
        r.anchors[f"daftar:{t.key}"] = r.add(f"Tabel {number} {t.title}{dots}\t{page}")
        page += r.ch.randint(0, 3)
    r.tag("daftar")


def _signature(r: TextRenderer) -> None:
    spec = r.spec
    d = spec.signing_date
    r.add()
    r.anchors["signing"] = r.add(f"{spec.satker.region.signing_place}, {numfmt.date(d).raw}")
    r.add(r.ch.choice(("Ketua,", "Sekretaris,", "SEKRETARIS,")))
    r.tag("signing_date")


def _capaian_section(r: TextRenderer, caps: list[PerfTable]) -> None:
    spec, ch = r.spec, r.ch
    for t in caps:
        if not t.group_rows:
            s = spec.sasaran_by_no(t.sasaran_nos[0])
            if t.number is None:
                r.para(f"SASARAN {s.no} {s.text}")
            elif r.lay.sasaran_tab:
                r.para(f"Sasaran {s.no} :\t{s.text}")
            else:
                r.para(f"Sasaran {s.no} : {s.text}")
            r.para("Capaian indikator kinerja sasaran tersebut adalah sebagai berikut:")
        else:
            r.para(
                f"Capaian seluruh indikator kinerja tahun {spec.year} disajikan per sasaran pada tabel berikut."
            )
        r.perf_table(t)
        r.para(prose.sasaran_comment(ch))
    facts = spec.prose
    r.anchors["prose:n_indicators"] = r.para(
        f"Berdasarkan hasil pengukuran tersebut, dari {facts.n_indicators} indikator kinerja terdapat "
        f"{facts.n_met} indikator yang telah memenuhi atau melampaui target."
    )


def _finance_section(r: TextRenderer) -> None:
    spec, facts = r.spec, r.spec.prose
    s, y = spec.satker.printed, spec.year
    dipa = spec.dipa_table
    if dipa is not None:
        first = dipa.revisions[0]
        when = f" tanggal {numfmt.date(first.date).raw}" if first.date else ""
        r.para(
            f"Sumber dana {s} tahun {y} berasal dari Daftar Isian Pelaksanaan Anggaran (DIPA)"
            f"{when} sebesar {r.rp(first.amount)}. Selama tahun berjalan dilakukan beberapa kali "
            "revisi anggaran sebagaimana tabel berikut:"
        )
        r.dipa_table(dipa)
    else:
        r.para(
            f"Pada awal tahun anggaran {y}, {s} menerima alokasi DIPA sebesar {r.rp(facts.dipa_initial)}."
        )
        for dp in facts.dipa_prose:
            if dp.seq == 1:
                text = (
                    f"Dari jumlah dana tersebut telah dilaksanakan Revisi DIPA sebesar {r.rp(dp.delta)} "
                    f"sehingga dana DIPA {s} Tahun {y} sebesar {r.rp(dp.amount)}."
                )
            else:
                text = (
                    f"Selanjutnya telah dilaksanakan kembali Revisi DIPA sebesar {r.rp(dp.delta)} "
                    f"sehingga dana DIPA {s} menjadi sebesar {r.rp(dp.amount)}."
                )
            line = r.para(text)
            r.rows.append(
                RenderedRow(
                    "dipa",
                    dp.key,
                    None,
                    None,
                    line,
                    {
                        "amount": Printed(r.rp(dp.amount), dp.amount),
                        "delta": Printed(r.rp(dp.delta), dp.delta),
                    },
                    {"label_raw": None, "note": None, "seq": dp.seq, "origin": "prose"},
                )
            )
        r.tag("dipa:prose")
    words = numfmt.words(facts.words_amount, r.lay.milyar)
    r.tag("terbilang")
    line = r.para(
        f"Pagu anggaran {s} setelah revisi terakhir tahun {y} adalah sebesar {r.rp(facts.pagu)} "
        f"{words} dengan realisasi sebesar {r.rp(facts.realisasi)} atau "
        f"{r.prose_pct(facts.realisasi_pct)}. Rincian realisasi anggaran adalah sebagai berikut:"
    )
    r.anchors["prose:pagu"] = r.anchors["prose:words"] = r.anchors["prose:pct"] = line


def render_text(spec: ReportSpec, layout: Layout, ch: Chooser) -> Rendering:
    """The report as text, with the line of every record it printed."""
    r = TextRenderer(spec, layout, ch)
    s, y = spec.satker.printed, spec.year
    r.add()
    r.add(f"LAPORAN KINERJA (LKj) {s.upper()}" if ch.coin(0.5) else f"LAPORAN KINERJA {s.upper()}")
    r.add()
    r.anchors["title_year"] = r.add(f"TAHUN {y}")
    r.heading("KATA PENGANTAR")
    for p in prose.kata_pengantar(spec, ch):
        r.para(p)
    _signature(r)
    r.heading("IKHTISAR EKSEKUTIF")
    for p in prose.ikhtisar(spec, ch):
        r.para(p)
    r.heading("DAFTAR ISI")
    r.add()
    for i, part in enumerate(
        (
            "Kata Pengantar",
            "Daftar Isi",
            "Daftar Tabel",
            "BAB I Pendahuluan",
            "BAB II Perencanaan dan Perjanjian Kinerja",
            "BAB III Akuntabilitas Kinerja",
            "BAB IV Penutup",
        ),
        start=1,
    ):
        r.add(f"{part}\t{i}")
    _daftar(r)

    by_bab: dict[int, list[Table]] = {2: [], 3: [], 4: []}
    for t in spec.tables:
        by_bab[t.bab].append(t)

    r.heading("BAB I")
    r.add("PENDAHULUAN")
    for head, paras in prose.bab1(spec, ch):
        r.para(head)
        for p in paras:
            if p.startswith("- "):
                r.add(p)
            else:
                r.para(p)

    r.heading("BAB II")
    r.add("PERENCANAAN DAN PERJANJIAN KINERJA")
    for p in prose.bab2_intro(spec, ch):
        r.para(p)
    for t in by_bab[2]:
        if isinstance(t, PerfTable):
            r.para(
                f"Pada tanggal {numfmt.date(spec.pk_date).raw} {s} telah menetapkan Perjanjian Kinerja "
                f"Tahun {y} sebagai berikut:"
            )
        else:
            r.para(
                f"Kegiatan dan alokasi anggaran {s} pada DIPA awal tahun {y} adalah sebagai berikut:"
            )
        r.any_table(t)

    r.heading("BAB III")
    r.add("AKUNTABILITAS KINERJA")
    for p in prose.bab3_intro(spec, ch):
        r.para(p)
    caps = [t for t in by_bab[3] if isinstance(t, PerfTable)]
    _capaian_section(r, caps)
    r.heading("B. AKUNTABILITAS KEUANGAN")
    _finance_section(r)
    for t in by_bab[3]:
        if isinstance(t, PerfTable | DipaTable):
            continue
        if isinstance(t, HistoryTable):
            r.para(
                f"Perbandingan pagu dan realisasi anggaran {s} dari tahun ke tahun adalah sebagai berikut:"
            )
        elif isinstance(t, BudgetTable) and t.kind == "output":
            r.para("Rincian realisasi anggaran per output kegiatan adalah sebagai berikut:")
        r.any_table(t)

    r.heading("BAB IV")
    r.add("PENUTUP")
    paras = prose.bab4(spec, ch)
    r.para(paras[0])
    r.anchors["prose:pct2"] = r.para(
        f"Realisasi penyerapan anggaran tahun {y} mencapai {r.prose_pct(spec.prose.realisasi_pct)}."
    )
    for t in by_bab[4]:
        r.para("Sebagai ringkasan, realisasi anggaran per kegiatan disajikan sebagai berikut:")
        r.any_table(t)
    r.para(paras[1])
    for p in paras[2:]:
        r.add(p)
    _signature(r)
    r.add()
    text = "\n".join(r.lines) + "\n"
    return Rendering(text, r.rows, r.anchors, sorted(r.variants))
