"""The bad-value policy every parser shares.

A parser given ``errors="flag"`` returns a :class:`Value` whose ``value`` is
None and whose flags say why ("unparsed", "malformed", ...); never a guess,
never a dropped cell. With ``errors="raise"`` the same failure is a
``ValueError`` with a one-line message. Empty cells and lone dashes are not
failures: they are values in their own right.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from lkj.models import FLAGS, Value
from lkj.models.values import ValueKind

Errors = Literal["flag", "raise"]

#: the dashes reports print for "nothing" or "zero"
DASHES = frozenset({"-", "--", "–", "—", "−", "‒", "―"})

_FLAG_ORDER = {name: i for i, name in enumerate(FLAGS)}


def check_errors(errors: str) -> None:
    if errors not in ("flag", "raise"):
        raise ValueError(f"errors must be 'flag' or 'raise', not {errors!r}")


def as_text(raw: object) -> str:
    """The raw input as a string: None is empty, anything else is ``str()``-ed."""
    if raw is None:
        return ""
    return raw if isinstance(raw, str) else str(raw)


def as_raw(raw: object) -> str | None:
    """What ``Value.raw`` keeps: the input string as given."""
    if raw is None or isinstance(raw, str):
        return raw
    return str(raw)


def ordered(flags: Iterable[str]) -> tuple[str, ...]:
    """Flags without repeats, in the order of the FLAGS vocabulary."""
    unique = set(flags)
    unknown = unique - _FLAG_ORDER.keys()
    if unknown:  # a programming error in lkj, not a bad value
        raise AssertionError(f"flags outside the FLAGS vocabulary: {sorted(unknown)}")
    return tuple(sorted(unique, key=_FLAG_ORDER.__getitem__))


def empty(raw: object, flags: Iterable[str] = ()) -> Value:
    """An empty cell: the value is unknown."""
    return Value(raw=as_raw(raw), kind="empty", flags=ordered(("empty", *flags)))


def fail(
    raw: object,
    reason: str,
    message: str,
    *,
    errors: str,
    kind: ValueKind,
    flags: Iterable[str] = (),
) -> Value:
    """A value that could not be read: flagged with ``reason``, or a ValueError."""
    if errors == "raise":
        raise ValueError(f"{message}: {as_text(raw)!r}")
    return Value(raw=as_raw(raw), value=None, kind=kind, flags=ordered((reason, *flags)))
