"""Generate an archive of synthetic LKj reports (text, PDF) with their ground truth.

``generate_archive(out_dir, n_satker, years, seed, inject)`` writes
``<slug>_<year>.txt`` and ``<slug>_<year>.truth.json`` for every satker and
year; ``formats=("pdf",)`` or ``("txt", "pdf")`` writes the report as a PDF too
(ruled or borderless tables, half the reports each), and the truth gains a
``pdf`` key: style, page count, the page of every line that carries a record or
an anchor, and where each table was drawn. ``"scan"`` instead of ``"pdf"`` writes
that PDF as a scan (:mod:`lkj.corpus.render_scan`: page images at 150 or 300 dpi,
half the reports each, crooked, noisy, no text layer), and the truth gains a
``scan`` key: resolution and the angle of each page. ``min_pages`` pads reports with pages
that carry no record until their PDF is that long. Output depends only on the
arguments: the same seed gives the same bytes on every run (string-seeded
``random.Random`` streams, no set/dict-order or clock dependence).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .build import build_spec
from .choice import Chooser, derive
from .inject import Injection, apply_injections, rates_from
from .layout import choose_layout
from .padding import Padding
from .regions import REGIONS, SEED_REGIONS, Region, by_name
from .render_text import Rendering, render_text
from .spec import ReportSpec
from .truth import build_truth, dumps

if TYPE_CHECKING:
    from .render_pdf import PdfLayout, PdfStyle

Format = Literal["txt", "pdf", "scan"]
FORMATS: tuple[Format, ...] = ("txt", "pdf", "scan")
#: a padded report is rendered at most this many times while it grows to ``min_pages``
MAX_PAD_ROUNDS = 6


@dataclass
class ReportPdf:
    data: bytes
    layout: PdfLayout
    style: PdfStyle
    seed: int


@dataclass
class Report:
    name: str  # "kpu-kab-ogan-ilir_2019"
    spec: ReportSpec
    rendering: Rendering
    injections: list[Injection]
    truth: dict[str, Any]
    index: int = 0
    pdf: ReportPdf | None = None

    @property
    def text(self) -> str:
        return self.rendering.text


def pick_regions(n: int, seed: int) -> list[Region]:
    """The seed reports' regions first, then kota, provinsi and kabupaten in turn."""
    seeds = [by_name(name, "kabupaten") for name in SEED_REGIONS]
    rng = derive(seed, "regions")
    pools = {}
    for kind in ("kota", "provinsi", "kabupaten"):
        pool = [r for r in REGIONS if r.kind == kind and r not in seeds]
        rng.shuffle(pool)
        pools[kind] = pool
    out = seeds[:n]
    while len(out) < n:
        before = len(out)
        for kind in ("kota", "provinsi", "kabupaten"):
            if pools[kind] and len(out) < n:
                out.append(pools[kind].pop())
        if len(out) == before:
            raise ValueError(
                f"n_satker={n} exceeds the {len(REGIONS)} regions in lkj.corpus.regions"
            )
    return out


def generate_report(
    region: Region,
    year: int,
    seed: int = 0,
    index: int = 0,
    inject: str | Mapping[str, float] | None = None,
    padding: int = 0,
) -> Report:
    """One report: spec, text rendering, injections and truth.

    ``padding`` adds about that many pages without records (see :mod:`lkj.corpus.padding`).
    """
    spec_ch = Chooser(seed, index, derive(seed, region.kind, region.name, year, "spec"))
    text_ch = Chooser(seed, index, derive(seed, region.kind, region.name, year, "text"))
    spec = build_spec(region, year, spec_ch)
    name = f"{spec.satker.slug}_{year}"
    injections = apply_injections(
        spec, rates_from(inject), lambda kind: derive(seed, name, "inject", kind)
    )
    layout = choose_layout(text_ch)
    pad = Padding(padding, derive(seed, name, "padding", padding)) if padding else None
    rendering = render_text(spec, layout, text_ch, pad)
    meta: dict[str, Any] = {
        "seed": seed,
        "index": index,
        "layout": layout.as_dict(),
        "dipa_mode": spec.dipa_mode,
    }
    if padding:
        meta["padding_pages"] = padding
    truth = build_truth(spec, rendering, injections, f"{name}.txt", meta)
    return Report(name, spec, rendering, injections, truth, index)


def pdf_style(seed: int, index: int) -> PdfStyle:
    """Ruled or borderless tables: each once in every two reports of an archive."""
    return Chooser(seed, index, derive(seed, index, "pdf")).cycle(
        "pdf_style", ("ruled", "borderless")
    )


def render_report_pdf(rep: Report, seed: int) -> ReportPdf:
    """The report as a PDF, its style and render seed drawn from the archive seed."""
    from .render_pdf import build_pdf

    style = pdf_style(seed, rep.index)
    render_seed = derive(seed, rep.name, "pdf").randrange(1 << 31)
    title = f"Laporan Kinerja {rep.spec.satker.printed} Tahun {rep.spec.year}"
    data, layout = build_pdf(rep.text, style=style, seed=render_seed, title=title)
    return ReportPdf(data, layout, style, render_seed)


def scan_dpi(seed: int, index: int) -> int:
    """150 or 300 dpi: each once in every two reports of an archive, dealt independently of
    the table style (both styles come at both resolutions)."""
    return Chooser(seed, index, derive(seed, index, "scan")).cycle("scan_dpi", (300, 150))


def render_report_scan(rep: Report, seed: int) -> tuple[bytes, dict[str, Any]]:
    """The report's PDF as a scan, and the ``scan`` key of its truth."""
    from .render_scan import scan_pdf

    if rep.pdf is None:
        rep.pdf = render_report_pdf(rep, seed)
    dpi = scan_dpi(seed, rep.index)
    scan_seed = derive(seed, rep.name, "scan").randrange(1 << 31)
    data, info = scan_pdf(rep.pdf.data, dpi=dpi, seed=scan_seed)
    return data, {"dpi": dpi, "seed": scan_seed, "angles": info.angles}


def long_report(
    region: Region,
    year: int,
    min_pages: int,
    seed: int = 0,
    index: int = 0,
    inject: str | Mapping[str, float] | None = None,
) -> Report:
    """A report padded until its PDF has at least ``min_pages`` pages (``rep.pdf`` is set)."""
    padding = 0
    for _ in range(MAX_PAD_ROUNDS):
        rep = generate_report(region, year, seed, index, inject, padding)
        rep.pdf = pdf = render_report_pdf(rep, seed)
        short = min_pages - pdf.layout.n_pages
        if short <= 0:
            return rep
        padding += short + 1
    raise RuntimeError(f"{rep.name}: {pdf.layout.n_pages} pages after padding, wanted {min_pages}")


def pdf_truth(rep: Report) -> dict[str, Any]:
    """The ``pdf`` key of the truth: style, pages, the page of each record / anchor line."""
    assert rep.pdf is not None
    lay = rep.pdf.layout
    lines = {
        rec["line"]
        for recs in rep.truth.values()
        if isinstance(recs, list)
        for rec in recs
        if isinstance(rec, dict) and isinstance(rec.get("line"), int)
    }
    lines |= set(rep.rendering.anchors.values())
    return {
        "style": rep.pdf.style,
        "seed": rep.pdf.seed,
        "n_pages": lay.n_pages,
        "pages": lay.page_map(lines),
        "tables": [
            {
                "first_line": t.first_line,
                "last_line": t.last_line,
                "pages": list(t.pages),
                "landscape": t.landscape,
                "rotated": t.rotated,
                "header_rows": t.header_rows,
                "repeat_header": t.repeat_header,
            }
            for t in lay.tables
        ],
    }


def iter_reports(
    n_satker: int = 10,
    years: tuple[int, ...] = (2019, 2024),
    seed: int = 0,
    inject: str | Mapping[str, float] | None = None,
    min_pages: int | None = None,
) -> list[Report]:
    """The archive's reports in order; with ``min_pages`` each is padded and has its PDF."""
    regions = pick_regions(n_satker, seed)
    out = []
    for i, region in enumerate(regions):
        for j, year in enumerate(years):
            index = i * len(years) + j
            if min_pages:
                out.append(long_report(region, year, min_pages, seed, index, inject))
            else:
                out.append(generate_report(region, year, seed, index, inject))
    return out


def generate_archive(
    out_dir: str | Path,
    n_satker: int = 10,
    years: tuple[int, ...] = (2019, 2024),
    seed: int = 0,
    inject: str | Mapping[str, float] | None = None,
    formats: Iterable[Format] = ("txt",),
    min_pages: int | None = None,
    skip_satker: int = 0,
) -> list[Path]:
    """Write ``n_satker x len(years)`` reports and truth files; returns the report paths.

    ``years`` lists the reporting years (not a range). ``inject``: None (clean
    reports), ``"all"`` (every kind at the default rate) or ``{kind: rate}``.
    ``formats``: ``"txt"`` and / or one of ``"pdf"``, ``"scan"`` (both are
    ``<name>.pdf``); the returned path of a report is its text when written, else its PDF. ``min_pages``: pad every report (text and PDF
    alike) until its PDF has at least that many pages. ``skip_satker``: write nothing for the
    first that many satker (the others are the same as in a full archive: the demo corpus
    takes its PDF and its scan from satker after those of its text reports).
    """
    fmts = tuple(dict.fromkeys(formats))
    if not fmts or any(f not in FORMATS for f in fmts):
        raise ValueError(f"formats must be some of {FORMATS}, not {formats!r}")
    if "pdf" in fmts and "scan" in fmts:
        raise ValueError("formats 'pdf' and 'scan' both write <name>.pdf: choose one")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for rep in iter_reports(n_satker, tuple(years), seed, inject, min_pages):
        if rep.index < skip_satker * len(years):
            continue
        txt, pdf = out / f"{rep.name}.txt", out / f"{rep.name}.pdf"
        truth = rep.truth
        if "pdf" in fmts or "scan" in fmts:
            if rep.pdf is None:
                rep.pdf = render_report_pdf(rep, seed)
            truth = {**truth, "pdf": pdf_truth(rep)}
            if "scan" in fmts:
                data, truth["scan"] = render_report_scan(rep, seed)
                pdf.write_bytes(data)
            else:
                pdf.write_bytes(rep.pdf.data)
            if "txt" not in fmts:
                truth["source"] = pdf.name
        if "txt" in fmts:
            txt.write_bytes(rep.text.encode("utf-8"))
        (out / f"{rep.name}.truth.json").write_bytes(dumps(truth).encode("utf-8"))
        paths.append(txt if "txt" in fmts else pdf)
    return paths
