"""The rule engine: every rule is declared, documented and tested; rules fail safely."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from checks_helpers import doc, perf

from lkj.checks import engine, iter_rules, run_python
from lkj.checks.engine import parse_sql_rule
from lkj.models import SEVERITIES

ROOT = Path(__file__).resolve().parents[1]
RULE_ID = re.compile(r"^[a-z]+\.[a-z_]+$")


def test_every_rule_declares_id_severity_description_tolerance() -> None:
    rules = list(iter_rules())
    assert len(rules) >= 20
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids))
    for r in rules:
        assert RULE_ID.match(r.id), r.id
        assert r.severity in SEVERITIES
        assert len(r.description) > 20 and "\n" not in r.description
        assert r.tolerance.strip()
        assert (ROOT / r.origin).is_file(), r.origin
    engines = {r.engine for r in rules}
    assert engines == {"python", "sql"}


def test_every_rule_is_documented_and_tested() -> None:
    docs = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    tests = (ROOT / "tests" / "test_checks_rules.py").read_text(encoding="utf-8") + (
        ROOT / "tests" / "test_checks_sql.py"
    ).read_text(encoding="utf-8")
    for r in iter_rules():
        assert f"| `{r.id}` | {r.severity} |" in docs, f"{r.id} missing from docs/checks.md"
        assert f'"{r.id}"' in tests, f"{r.id} has no test"


def test_sql_rule_header_is_required() -> None:
    with pytest.raises(ValueError, match="@severity"):
        parse_sql_rule("x.sql", "-- @rule a.b\n-- @description d\n-- @tolerance t\nSELECT 1")
    with pytest.raises(ValueError, match="unknown severity"):
        parse_sql_rule(
            "x.sql", "-- @rule a.b\n-- @severity bad\n-- @description d\n-- @tolerance t\nSELECT 1"
        )
    ok = parse_sql_rule(
        "x.sql",
        "-- @rule a.b\n-- @severity info\n-- @description one\n-- @description two\n"
        "-- @tolerance t\nSELECT 1",
    )
    assert (ok.rule.id, ok.rule.description, ok.rule.engine) == ("a.b", "one two", "sql")


def test_a_rule_that_crashes_becomes_a_warning_not_a_lost_document(monkeypatch) -> None:
    reg = engine.registry()

    def boom(ctx):  # noqa: ANN001, ANN202
        raise ZeroDivisionError("division by zero")

    rule = reg.python[0][0]
    monkeypatch.setattr(reg, "python", [(rule, boom), *reg.python[1:]])
    out = run_python(doc(performance=[perf("Persentase A", "87%", "0", "100")]))
    crashed = [f for f in out if f.rule == rule.id]
    assert [f.severity for f in crashed] == ["warning"]
    assert "ZeroDivisionError" in crashed[0].message
    assert any(f.rule == "capaian.formula" for f in out) or rule.id == "capaian.formula"


def test_only_selects_rules_by_id_or_prefix() -> None:
    ext = doc(performance=[perf("Persentase A", "87%", "0", "100")])
    assert {f.rule for f in run_python(ext, only=["capaian"])} == {"capaian.formula"}
    assert run_python(ext, only=["budget"]) == []
