"""Render a ReportSpec as an LKj text conversion (tab-separated table rows).

The document front to back: title, Kata Pengantar, Daftar Isi and Daftar Tabel,
BAB I-IV with their prose and the fact sentences the consistency checks compare
with the tables. Tables and the line-by-line writer are in
:mod:`lkj.corpus.render_tables`; :func:`render_text` returns the text with the
line of every record it printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import numfmt, prose
from .choice import Chooser
from .layout import Layout
from .numfmt import Printed
from .render_tables import RenderedRow, TextRenderer
from .spec import (
    BudgetTable,
    DipaTable,
    HistoryTable,
    PerfTable,
    ReportSpec,
    Table,
    TallyTable,
)

if TYPE_CHECKING:
    from .padding import Padding

__all__ = ["RenderedRow", "Rendering", "render_text"]


@dataclass
class Rendering:
    text: str
    rows: list[RenderedRow]
    anchors: dict[str, int]  # "caption:<table>", "daftar:<table>", "prose:pagu", ...
    variants: list[str]

    def line_of(self, key: str) -> int | None:
        return next((r.line for r in self.rows if r.key == key), None)


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
    for name in ("pagu", "words", "pct", "realisasi"):
        r.anchors[f"prose:{name}"] = line


def render_text(
    spec: ReportSpec, layout: Layout, ch: Chooser, padding: Padding | None = None
) -> Rendering:
    """The report as text, with the line of every record it printed.

    ``padding`` adds pages without records (BAB I / II prose, a Lampiran); it draws
    from its own random stream, so everything else is printed as without it.
    """
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
    if padding is not None:
        padding.bab1(r)

    r.heading("BAB II")
    r.add("PERENCANAAN DAN PERJANJIAN KINERJA")
    for p in prose.bab2_intro(spec, ch):
        r.para(p)
    if padding is not None:
        padding.bab2(r)
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
    for t in by_bab[3]:
        if isinstance(t, TallyTable):
            r.para(
                f"Rekapitulasi Daftar Pemilih Tetap (DPT) Pemilu Tahun {t.election_year} di "
                f"{spec.satker.region.label} per kecamatan adalah sebagai berikut:"
            )
            r.any_table(t)
    r.heading("B. AKUNTABILITAS KEUANGAN")
    _finance_section(r)
    for t in by_bab[3]:
        if isinstance(t, PerfTable | DipaTable | TallyTable):
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
    if padding is not None:
        padding.lampiran(r)
    r.add()
    text = "\n".join(r.lines) + "\n"
    return Rendering(text, r.rows, r.anchors, sorted(r.variants))
