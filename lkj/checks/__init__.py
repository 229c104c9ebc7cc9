"""Consistency checks: places where a report contradicts itself.

``check_extraction`` runs the Python rules over one document's records;
``check_database`` runs every rule (Python and SQL) over documents loaded in a database
and stores the findings; the rule list is ``rules()``. See docs/checks.md.
"""

from lkj.checks.engine import RULES_VERSION, Context, Rule, iter_rules, order, run_python, run_sql

__all__ = ["RULES_VERSION", "Context", "Rule", "iter_rules", "order", "run_python", "run_sql"]
