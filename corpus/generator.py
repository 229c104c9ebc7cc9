"""Generate an archive of synthetic LKj text reports with their ground truth.

``generate_archive(out_dir, n_satker, years, seed, inject)`` writes
``<slug>_<year>.txt`` and ``<slug>_<year>.truth.json`` for every satker and
year. Output depends only on the arguments: the same seed gives the same bytes
on every run (string-seeded ``random.Random`` streams, no set/dict-order or
clock dependence).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .build import build_spec
from .choice import Chooser, derive
from .inject import Injection, apply_injections, rates_from
from .layout import choose_layout
from .regions import REGIONS, SEED_REGIONS, Region, by_name
from .render_text import Rendering, render_text
from .spec import ReportSpec
from .truth import build_truth, dumps


@dataclass
class Report:
    name: str  # "kpu-kab-ogan-ilir_2019"
    spec: ReportSpec
    rendering: Rendering
    injections: list[Injection]
    truth: dict[str, Any]

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
) -> Report:
    """One report: spec, text rendering, injections and truth."""
    spec_ch = Chooser(seed, index, derive(seed, region.kind, region.name, year, "spec"))
    text_ch = Chooser(seed, index, derive(seed, region.kind, region.name, year, "text"))
    spec = build_spec(region, year, spec_ch)
    name = f"{spec.satker.slug}_{year}"
    injections = apply_injections(
        spec, rates_from(inject), lambda kind: derive(seed, name, "inject", kind)
    )
    layout = choose_layout(text_ch)
    rendering = render_text(spec, layout, text_ch)
    meta = {"seed": seed, "index": index, "layout": layout.as_dict(), "dipa_mode": spec.dipa_mode}
    truth = build_truth(spec, rendering, injections, f"{name}.txt", meta)
    return Report(name, spec, rendering, injections, truth)


def iter_reports(
    n_satker: int = 10,
    years: tuple[int, ...] = (2019, 2024),
    seed: int = 0,
    inject: str | Mapping[str, float] | None = None,
) -> list[Report]:
    regions = pick_regions(n_satker, seed)
    out = []
    for i, region in enumerate(regions):
        for j, year in enumerate(years):
            out.append(generate_report(region, year, seed, i * len(years) + j, inject))
    return out


def generate_archive(
    out_dir: str | Path,
    n_satker: int = 10,
    years: tuple[int, ...] = (2019, 2024),
    seed: int = 0,
    inject: str | Mapping[str, float] | None = None,
) -> list[Path]:
    """Write ``n_satker x len(years)`` reports and truth files; returns the report paths.

    ``years`` lists the reporting years (not a range). ``inject``: None (clean
    reports), ``"all"`` (every kind at the default rate) or ``{kind: rate}``.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for rep in iter_reports(n_satker, tuple(years), seed, inject):
        txt = out / f"{rep.name}.txt"
        txt.write_bytes(rep.text.encode("utf-8"))
        (out / f"{rep.name}.truth.json").write_bytes(dumps(rep.truth).encode("utf-8"))
        paths.append(txt)
    return paths
