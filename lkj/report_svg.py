"""The charts of the visual report, drawn as inline SVG in Python.

SVG written on the server keeps the report one file that opens anywhere without network or
script (it prints, and it can be checked by reading the HTML), and needs no chart library:
the charts are bars, dots on an axis and a few labels. Every mark carries its figure in a
``data-value`` attribute and a ``<title>`` tooltip, so what is drawn can be traced to the
database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

#: colours: bars, an alert (below target / error), muted marks, reference lines
BLUE = "#2b6cb0"
RED = "#c53030"
AMBER = "#b7791f"
GREY = "#a0aec0"
INK = "#1a202c"


def _attr(text: object) -> str:
    return escape(str(text), quote=True)


def _svg(width: float, height: float, body: list[str], label: str, kind: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="{kind}" '
        f'role="img" aria-label="{_attr(label)}" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}">' + "".join(body) + "</svg>"
    )


def _text(x: float, y: float, text: str, anchor: str = "start", size: int = 11, **kw: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{_attr(v)}"' for k, v in kw.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{INK}"{extra}>{escape(text)}</text>'
    )


@dataclass
class Bar:
    label: str
    value: float | None
    title: str
    href: str | None = None
    alert: bool = False


def bar_chart(
    bars: Sequence[Bar], *, label: str, unit: str = "%", scale_max: float | None = None
) -> str:
    """Horizontal bars, one per row, largest scale at ``scale_max`` (default: the largest value)."""
    row, left, right, top = 16, 230, 70, 40
    width = 760
    values = [b.value for b in bars if b.value is not None]
    top_value = scale_max or max(values, default=1.0) or 1.0
    plot = width - left - right
    height = top + row * len(bars) + 10
    body = [_text(left, 14, label, size=12, font_weight="bold")]
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        x = left + plot * tick
        body.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 8}" stroke="#e2e8f0"/>'
        )
        body.append(_text(x, top - 6, f"{top_value * tick:,.0f}{unit}", "middle", 9))
    for i, b in enumerate(bars):
        y = top + i * row
        name = _text(left - 6, y + 11, b.label[:40], "end")
        if b.href:
            name = f'<a href="{_attr(b.href)}">{name}</a>'
        body.append(name)
        if b.value is None:
            body.append(_text(left + 4, y + 11, "no figure", size=10, fill=GREY))
            continue
        w = max(1.0, plot * min(b.value, top_value) / top_value)
        colour = RED if b.alert else BLUE
        body.append(
            f'<rect x="{left}" y="{y + 2}" width="{w:.1f}" height="{row - 5}" fill="{colour}" '
            f'data-value="{b.value}" data-label="{_attr(b.label)}"><title>{escape(b.title)}</title></rect>'
        )
        body.append(_text(left + w + 4, y + 11, f"{b.value:,.2f}{unit}", size=10))
    return _svg(width, height, body, label, "bars")


@dataclass
class Event:
    row: str  # the satker it belongs to
    date: dt.date
    title: str
    size: float = 1.0  # 0..1, relative size of the change


def timeline(rows: Sequence[tuple[str, str | None]], events: Sequence[Event], *, label: str) -> str:
    """Dots on a time axis, one line per row (label, link); a dot per dated event."""
    if not events:
        return ""
    row, left, right, top = 16, 230, 20, 40
    width = 760
    start = dt.date(min(e.date.year for e in events), 1, 1)
    end = dt.date(max(e.date.year for e in events) + 1, 1, 1)
    span = (end - start).days or 1
    plot = width - left - right
    height = top + row * len(rows) + 10
    body = [_text(left, 14, label, size=12, font_weight="bold")]
    for year in range(start.year, end.year + 1):
        x = left + plot * (dt.date(year, 1, 1) - start).days / span
        body.append(
            f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 8}" stroke="#cbd5e0"/>'
        )
        if year < end.year:
            body.append(_text(x + 3, top - 10, str(year), size=10))
    index = {name: i for i, (name, _) in enumerate(rows)}
    for i, (name, href) in enumerate(rows):
        y = top + i * row
        text = _text(left - 6, y + 11, name[:40], "end")
        body.append(f'<a href="{_attr(href)}">{text}</a>' if href else text)
        body.append(
            f'<line x1="{left}" y1="{y + 8}" x2="{width - right}" y2="{y + 8}" stroke="#edf2f7"/>'
        )
    for e in events:
        if e.row not in index:
            continue
        x = left + plot * (e.date - start).days / span
        y = top + index[e.row] * row + 8
        r = 2.5 + 4.0 * max(0.0, min(1.0, e.size))
        body.append(
            f'<circle cx="{x:.1f}" cy="{y}" r="{r:.1f}" fill="{BLUE}" fill-opacity="0.75" '
            f'data-value="{e.date.isoformat()}"><title>{escape(e.title)}</title></circle>'
        )
    return _svg(width, height, body, label, "timeline")


@dataclass
class Strip:
    label: str
    values: list[tuple[float, str]]  # (value, tooltip)
    href: str | None = None


def strip_chart(
    strips: Sequence[Strip], *, label: str, lo: float = 0.0, hi: float = 150.0, mark: float = 100.0
) -> str:
    """One line per strip with a dot per value (clipped to lo..hi), the median as a bar, and a
    reference line at ``mark`` (100 %: the target)."""
    row, left, right, top = 18, 330, 60, 40
    width = 860
    plot = width - left - right
    height = top + row * len(strips) + 10

    def x_of(v: float) -> float:
        return left + plot * (min(max(v, lo), hi) - lo) / (hi - lo)

    body = [_text(left, 14, label, size=12, font_weight="bold")]
    for tick in range(int(lo), int(hi) + 1, 25):
        x = x_of(tick)
        colour = RED if tick == mark else "#e2e8f0"
        body.append(
            f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 8}" stroke="{colour}"/>'
        )
        body.append(_text(x, top - 9, f"{tick}%", "middle", 9))
    for i, s in enumerate(strips):
        y = top + i * row
        text = _text(left - 6, y + 12, s.label[:55], "end", 10)
        body.append(f'<a href="{_attr(s.href)}">{text}</a>' if s.href else text)
        for v, tip in s.values:
            colour = RED if v < mark else BLUE
            body.append(
                f'<circle cx="{x_of(v):.1f}" cy="{y + 8}" r="3" fill="{colour}" fill-opacity="0.55" '
                f'data-value="{v}"><title>{escape(tip)}</title></circle>'
            )
        if s.values:
            ordered = sorted(v for v, _ in s.values)
            median = ordered[len(ordered) // 2]
            body.append(
                f'<rect x="{x_of(median) - 1:.1f}" y="{y}" width="3" height="16" fill="{INK}">'
                f"<title>median {median:.2f}%</title></rect>"
            )
            body.append(_text(width - right + 6, y + 12, f"n={len(ordered)}", size=9))
    return _svg(width, height, body, label, "strips")


def column_chart(points: Sequence[tuple[str, float | None, str]], *, label: str) -> str:
    """Small vertical bars (label, value, tooltip): a satker's pagu per fiscal year."""
    values = [v for _, v, _ in points if v is not None]
    if not values:
        return ""
    width, height, left, bottom, top = 60 + 56 * len(points), 150, 10, 22, 24
    top_value = max(values) or 1.0
    body = [_text(left, 14, label, size=11, font_weight="bold")]
    plot = height - bottom - top
    for i, (name, v, tip) in enumerate(points):
        x = left + 10 + i * 56
        body.append(_text(x + 20, height - 8, name, "middle", 10))
        if v is None:
            continue
        h = max(1.0, plot * v / top_value)
        body.append(
            f'<rect x="{x}" y="{height - bottom - h:.1f}" width="40" height="{h:.1f}" fill="{BLUE}" '
            f'data-value="{v}"><title>{escape(tip)}</title></rect>'
        )
    return _svg(width, height, body, label, "columns")
