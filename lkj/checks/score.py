"""How well the checks find what the corpus generator planted: precision and recall per rule.

A generated report's truth lists its injected inconsistencies (kind, table, line). An
injection is *found* when a finding of a rule that answers its kind points at its line
(the finding's line or the line of any value it involves), or, for table-level kinds, at
its table. A finding (error or warning) is *explained* when it points at the line of any
injection of its document (an injection can make several figures disagree), or at the table
of an injection of its own kind. Precision = explained / findings; recall = found / injected.
A clean report (nothing injected) must give no error and no warning at all.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lkj import db, db_read
from lkj.evaluate_pairs import truth_pairs
from lkj.models import Finding

from .engine import iter_rules

#: which rules answer each injection kind of lkj.corpus.inject
KIND_RULES: dict[str, tuple[str, ...]] = {
    "capaian_mismatch": ("capaian.formula",),
    "total_mismatch": ("budget.total",),
    "subtotal_mismatch": ("budget.subtotal",),
    "sisa_mismatch": ("budget.sisa",),
    "pct_mismatch": ("budget.pct",),
    "dipa_date_order": ("dipa.date_order",),
    "dipa_date_outside_year": ("dipa.date_year",),
    "dipa_sequence_gap": ("dipa.sequence",),
    "dipa_final_mismatch": ("dipa.final_pagu",),
    "dipa_delta_mismatch": ("dipa.prose_delta",),
    "pk_target_mismatch": ("performance.target",),
    "prose_mismatch": (
        "prose.pagu",
        "prose.realisasi",
        "prose.realisasi_pct",
        "prose.indicator_count",
    ),
    "terbilang_mismatch": ("words.amount",),
    "caption_mismatch": ("toc.caption",),
    "duplicate_code": ("budget.duplicate_code",),
    "mixed_styles": ("table.mixed_styles",),
    "malformed_number": ("value.malformed",),
    "tally_mismatch": ("tally.parts", "tally.total"),
}
#: where one kind is answered by several rules, the rule for the injected field
FIELD_RULES: dict[str, dict[str, str]] = {
    "prose_mismatch": {
        "pagu": "prose.pagu",
        "realisasi": "prose.realisasi",
        "realisasi_pct": "prose.realisasi_pct",
        "n_indicators": "prose.indicator_count",
    },
}
#: kinds whose finding is about a table as a whole
TABLE_LEVEL = {"mixed_styles", "duplicate_code"}


@dataclass
class RuleScore:
    rule: str
    severity: str
    kinds: list[str] = field(default_factory=list)
    injected: int = 0
    found: int = 0
    findings: int = 0  # errors and warnings emitted
    explained: int = 0

    @property
    def recall(self) -> float | None:
        return self.found / self.injected if self.injected else None

    @property
    def precision(self) -> float | None:
        return self.explained / self.findings if self.findings else None


@dataclass
class CheckScore:
    rules: dict[str, RuleScore]
    documents: int = 0
    clean_documents: int = 0
    #: errors and warnings on documents with nothing injected (must be zero)
    clean_findings: list[Finding] = field(default_factory=list)
    missed: list[dict[str, Any]] = field(default_factory=list)
    unexplained: list[Finding] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def total(self) -> RuleScore:
        t = RuleScore("all", "")
        for r in self.rules.values():
            t.injected += r.injected
            t.found += r.found
            t.findings += r.findings
            t.explained += r.explained
        return t


def lines_of(f: Finding) -> set[int]:
    out = {v.provenance.line for v in f.values if v.provenance.line is not None}
    if f.line is not None:
        out.add(f.line)
    return out


def _table_hit(f: Finding, inj: dict[str, Any]) -> bool:
    return inj.get("table") is not None and f.table == inj.get("table")


def score_document(
    findings: Sequence[Finding],
    injected: Sequence[dict[str, Any]],
    into: CheckScore,
    source: str = "",
) -> None:
    serious = [f for f in findings if f.severity in ("error", "warning")]
    for inj in injected:
        rules = KIND_RULES.get(inj["kind"], ())
        if not rules:
            continue
        hit = next(
            (
                f
                for f in findings
                if f.rule in rules
                and (
                    inj["line"] in lines_of(f)
                    or (inj["kind"] in TABLE_LEVEL and _table_hit(f, inj))
                )
            ),
            None,
        )
        owner = (
            hit.rule
            if hit is not None
            else FIELD_RULES.get(inj["kind"], {}).get(inj.get("field", ""), rules[0])
        )
        into.rules[owner].injected += 1
        if hit is not None:
            into.rules[owner].found += 1
        else:
            into.missed.append({**inj, "source": source})
    for f in serious:
        rs = into.rules.get(f.rule)
        if rs is None:
            continue
        rs.findings += 1
        if any(
            inj["line"] in lines_of(f)
            or (f.rule in KIND_RULES.get(inj["kind"], ()) and _table_hit(f, inj))
            for inj in injected
        ):
            rs.explained += 1
        else:
            into.unexplained.append(f)


def score_checks(paths: Iterable[str | Path]) -> CheckScore:
    """Ingest the generated reports under ``paths`` into a temporary database and score."""
    from lkj.ingest import ingest

    pairs = truth_pairs(paths)
    score = CheckScore(rules={})
    for rule in iter_rules():
        kinds = [k for k, rules in KIND_RULES.items() if rule.id in rules]
        score.rules[rule.id] = RuleScore(rule.id, rule.severity, kinds)
    with tempfile.TemporaryDirectory(prefix="lkj-score-") as tmp:
        db_path = Path(tmp) / "score.duckdb"
        summary = ingest([src for src, _ in pairs], db_path, progress=False, force=True)
        score.failed = [f"{f.path}: {f.error}" for f in summary.failures]
        con = db.open_db(db_path, read_only=True)
        try:
            by_path = dict(con.execute("SELECT path, doc_id FROM documents").fetchall())
            for src, truth_path in pairs:
                doc_id = by_path.get(str(src.resolve()))
                if doc_id is None:
                    continue
                truth = json.loads(truth_path.read_text(encoding="utf-8"))
                injected = truth.get("injected", [])
                findings = db_read.read_findings(con, [doc_id])
                score.documents += 1
                if not injected:
                    score.clean_documents += 1
                    score.clean_findings += [
                        f for f in findings if f.severity in ("error", "warning")
                    ]
                score_document(findings, injected, score, src.name)
        finally:
            con.close()
    return score


def render_score(score: CheckScore, show: int = 10) -> str:
    def pct(x: float | None) -> str:
        return "-" if x is None else f"{x:.3f}"

    head = (
        "rule",
        "severity",
        "injected as",
        "injected",
        "found",
        "recall",
        "findings",
        "explained",
        "precision",
    )
    rows = [
        (
            r.rule,
            r.severity,
            ",".join(r.kinds) or "-",
            str(r.injected),
            str(r.found),
            pct(r.recall),
            str(r.findings),
            str(r.explained),
            pct(r.precision),
        )
        for r in score.rules.values()
    ]
    t = score.total()
    rows.append(
        (
            "all",
            "",
            "",
            str(t.injected),
            str(t.found),
            pct(t.recall),
            str(t.findings),
            str(t.explained),
            pct(t.precision),
        )
    )
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    out = [
        f"documents: {score.documents} ({score.clean_documents} clean); errors and warnings "
        f"on clean documents: {len(score.clean_findings)}",
        "  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)),
    ]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    for inj in score.missed[:show]:
        out.append(
            f"missed: {inj['kind']} {inj.get('source', '')} line {inj['line']} "
            f"({inj.get('description', '')})"
        )
    for f in score.unexplained[:show]:
        out.append(f"unexplained: {f.rule} {f.source} line {f.line}: {f.message}")
    for f in score.clean_findings[:show]:
        out.append(f"clean document: {f.rule} {f.source} line {f.line}: {f.message}")
    for msg in score.failed[:show]:
        out.append(f"failed: {msg}")
    return "\n".join(out)
