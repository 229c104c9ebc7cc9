"""Consistency checks: places where a report contradicts itself.

``run_python`` runs the Python rules over one document's records, ``run_sql`` the SQL rules;
``lkj.checks.run.check_database`` runs every rule (Python and SQL) over documents loaded in a
database and stores the findings; the rules are ``iter_rules()``.
See docs/checks.md.
"""

from lkj.checks.engine import RULES_VERSION, Context, Rule, iter_rules, order, run_python, run_sql

__all__ = ["RULES_VERSION", "Context", "Rule", "iter_rules", "order", "run_python", "run_sql"]
