"""One module per Python rule: each defines ``RULE`` and ``check(ctx)``.

Modules whose name starts with ``_`` hold helpers shared by several rules.
"""
