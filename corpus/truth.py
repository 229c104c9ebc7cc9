"""The ground truth of a generated report, in the gold format of docs/gold.md.

Records come from what the renderer says it printed (raw text, value, unit and
the 1-based line each row starts on), never from re-reading the text. Extra
top-level keys: ``tally_rows`` (voter tallies: men, women, total per kecamatan),
``injected`` (what was made wrong on purpose) and ``generator`` (seed, layout
variants, the capaian formula behind every capaian row).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .inject import Injection
from .render_tables import RenderedRow
from .render_text import Rendering
from .spec import FORMULAS, ReportSpec

NOTES = (
    "Synthetic report written by lkj.corpus; transcribed by the generator, not by an extractor. "
    "Values are as printed, including injected errors (see 'injected'). Budget group heading "
    "rows (a program name spanning the table, no figures) are not budget lines; program rows "
    "with figures above their outputs (subtotals) are budget lines with level 'program' and "
    "is_total false. A program code printed in parentheses after the name is the code and is "
    "removed from the name. A money cell whose digit groups are not thousands ('1.3328.807.000', "
    "'12.50.000') cannot be read without guessing: its value is null. tally_rows: one record per "
    "row of a voter tally (DPT), label as printed ('JUMLAH' / 'TOTAL' on the total row). The "
    "capaian formula of every capaian row is in generator.capaian_formulas."
)


def _perf(r: RenderedRow) -> dict[str, Any]:
    return {
        "table": r.table,
        "line": r.line,
        "sasaran": r.labels["sasaran"],
        "indikator": r.labels["indikator"],
        "target": r.values["target"].as_gold(),
        "realisasi": r.values["realisasi"].as_gold(),
        "capaian": r.values["capaian"].as_gold(),
    }


def _dipa(r: RenderedRow) -> dict[str, Any]:
    delta = r.values.get("delta")
    date = r.values.get("date")
    return {
        "seq": r.labels["seq"],
        "line": r.line,
        "label_raw": r.labels["label_raw"],
        "amount": r.values["amount"].value,
        "date": date.value if date is not None else None,
        "note": r.labels["note"],
        "delta": delta.value if delta is not None else None,
        "origin": r.labels.get("origin", "table"),
    }


def _budget(r: RenderedRow) -> dict[str, Any]:
    v = r.values
    return {
        "table": r.table,
        "line": r.line,
        "level": r.labels["level"],
        "code": r.labels["code"],
        "name": r.labels["name"],
        "pagu": v["pagu"].value,
        "realisasi": v["realisasi"].value,
        "sisa": v["sisa"].value,
        "realisasi_pct": v["realisasi_pct"].value,
        "is_total": r.labels["is_total"],
    }


def _history(r: RenderedRow) -> dict[str, Any]:
    v = r.values
    return {
        "table": r.table,
        "line": r.line,
        "year": r.labels["year"],
        "pagu": v["pagu"].value,
        "realisasi": v["realisasi"].value,
        "realisasi_pct": v["realisasi_pct"].value,
    }


def _tally(r: RenderedRow) -> dict[str, Any]:
    v = r.values
    return {
        "table": r.table,
        "line": r.line,
        "label": r.labels["label"],
        "laki": v["laki"].value,
        "perempuan": v["perempuan"].value,
        "jumlah": v["jumlah"].value,
        "is_total": r.labels["is_total"],
    }


def _injected(spec: ReportSpec, rendering: Rendering, inj: Injection) -> dict[str, Any]:
    line = rendering.anchors.get(inj.ref) or rendering.line_of(inj.ref)
    if line is None:
        raise RuntimeError(f"injection {inj.kind} points at {inj.ref}, which was not rendered")
    table = spec.table(inj.table_key).number if inj.table_key else None
    actual = inj.actual
    if inj.actual_printed:  # the text the renderer printed for the field
        row = next(r for r in rendering.rows if r.key == inj.ref)
        actual = row.values[inj.field].raw
    return {
        "kind": inj.kind,
        "table": table,
        "line": line,
        "field": inj.field,
        "expected": inj.expected,
        "actual": actual,
        "description": inj.description,
    }


def build_truth(
    spec: ReportSpec,
    rendering: Rendering,
    injections: list[Injection],
    source: str,
    generator: dict[str, Any],
) -> dict[str, Any]:
    rows = rendering.rows
    region = spec.satker.region
    formulas = [
        {
            "line": r.line,
            "indikator": r.labels["indikator"],
            "formula": r.labels["formula"],
            "direction": r.labels["direction"],
        }
        for r in rows
        if r.kind == "performance" and r.labels.get("formula")
    ]
    return {
        "source": source,
        "notes": NOTES,
        "document": {
            "satker": spec.satker.canonical,
            "satker_kind": region.kind,
            "region": region.name,
            "province": region.province,
            "year": spec.year,
        },
        "performance": [_perf(r) for r in rows if r.kind == "performance"],
        "dipa_revisions": [_dipa(r) for r in rows if r.kind == "dipa"],
        "budget_lines": [_budget(r) for r in rows if r.kind == "budget"],
        "pagu_history": [_history(r) for r in rows if r.kind == "history"],
        "tally_rows": [_tally(r) for r in rows if r.kind == "tally"],
        "injected": [_injected(spec, rendering, i) for i in injections],
        "generator": {
            **generator,
            "variants": rendering.variants,
            "formulas": FORMULAS,
            "capaian_formulas": formulas,
        },
    }


def _block(value: Any, indent: str) -> str:
    """Lists one item per line, dicts one key per line, anything else on one line."""
    inner = indent + " "
    if isinstance(value, list) and value:
        items = ",\n".join(inner + json.dumps(v, ensure_ascii=False) for v in value)
        return "[\n" + items + "\n" + indent + "]"
    if isinstance(value, dict) and any(isinstance(v, list | dict) for v in value.values()):
        items = ",\n".join(f"{inner}{json.dumps(k)}: {_block(v, inner)}" for k, v in value.items())
        return "{\n" + items + "\n" + indent + "}"
    return json.dumps(value, ensure_ascii=False)


def dumps(truth: dict[str, Any]) -> str:
    """Stable, diff-friendly JSON: one record per line (insertion order, UTF-8)."""
    parts = [f" {json.dumps(k)}: {_block(v, ' ')}" for k, v in truth.items()]
    return "{\n" + ",\n".join(parts) + "\n}\n"


def load(path: str | Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))
