"""How a report is printed: the cosmetic choices a renderer makes.

A :class:`Layout` never changes what the report says (that is the spec); it only
decides caption style, number style, wrapping and the like. Every choice here
occurs in the seed reports (see /work/shared/DOMAIN.md, "How tables appear").
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

from .choice import Chooser
from .numfmt import MoneyStyle, PctSign

CaptionStyle = Literal["dot_space", "dot_nospace", "trailing_dot", "star", "plain"]
TitleMode = Literal["same_line", "next_line", "next_lines"]
CAPTION_STYLES: tuple[CaptionStyle, ...] = (
    "dot_space",
    "dot_nospace",
    "trailing_dot",
    "star",
    "plain",
)
TITLE_MODES: tuple[TitleMode, ...] = ("same_line", "next_line", "next_lines")


@dataclass(frozen=True)
class Layout:
    caption_style: CaptionStyle
    title_mode: TitleMode
    caption_after: bool  # the whole report captions below its tables
    heading_md: bool  # "## BAB I" instead of "BAB I"
    money_style: MoneyStyle
    dipa_money_style: MoneyStyle
    dash_zero: bool  # "-" for zero in money columns
    pct_mark: str  # "," (Indonesian) or "." (US) decimal mark in percentages
    pct_sign: PctSign  # target / realisasi percentages
    capaian_sign: PctSign
    budget_pct_sign: PctSign
    budget_pct_fixed: bool  # "100,00" rather than "100"
    qty_style: int  # 0: "1 Lembaga 100%", 1: "1.0 Lembaga (100 %)"
    month_upper: bool  # "9 JANUARI 2024"
    milyar: bool  # "milyar" rather than "miliar" in amounts in words
    html: bool  # occasional <p> in indicator cells
    wrap: bool  # long cells wrapped onto the next line
    page_break: bool  # one budget row broken by a page break
    sasaran_tab: bool  # "Sasaran 1 :\t..." rather than "Sasaran 1 : ..."

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def choose_layout(ch: Chooser) -> Layout:
    return Layout(
        caption_style=ch.cycle("caption_style", CAPTION_STYLES),
        title_mode=ch.cycle("title_mode", TITLE_MODES),
        caption_after=ch.cycle("caption_after", (False, False, False, True)),
        heading_md=ch.coin(0.3),
        money_style=ch.cycle("money_style", ("id", "us", "id", "rp")),
        dipa_money_style=ch.choice(("id", "id", "us", "rp_space")),
        dash_zero=ch.coin(0.7),
        pct_mark=ch.cycle("pct_mark", (",", ".", ",")),
        pct_sign=ch.cycle("pct_sign", ("%", " %", "", "%")),
        capaian_sign=ch.choice(("", "%", " %")),
        budget_pct_sign=ch.choice(("", "%", " %")),
        budget_pct_fixed=ch.coin(0.5),
        qty_style=ch.randint(0, 1),
        month_upper=ch.cycle("month_upper", (False, True, False)),
        milyar=ch.coin(0.5),
        html=ch.cycle("html", (True, False, False)),
        wrap=ch.cycle("wrap", (True, False)),
        page_break=ch.cycle("page_break", (True, False)),
        sasaran_tab=ch.coin(0.5),
    )


def caption_prefix(style: CaptionStyle, number: str) -> str:
    return {
        "dot_space": f"Tabel. {number}",
        "dot_nospace": f"Tabel.{number}",
        "trailing_dot": f"Tabel {number}.",
        "star": f"*Tabel {number}",
        "plain": f"Tabel {number}",
    }[style]


def split_title(title: str) -> tuple[str, str]:
    """Split a title at the space nearest its middle."""
    words = title.split()
    if len(words) < 2:
        return title, ""
    best = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(title) / 2))
    return " ".join(words[:best]), " ".join(words[best:])


def caption_lines(style: CaptionStyle, mode: TitleMode, number: str, title: str) -> list[str]:
    """The caption as printed: number and title on one line, or the title below."""
    prefix = caption_prefix(style, number)
    if mode == "same_line":
        lines = [f"{prefix} {title}"]
    elif mode == "next_line":
        lines = [prefix, title]
    else:
        a, b = split_title(title)
        lines = [prefix, "", a, b] if b else [prefix, "", a]
    if style == "star":
        lines[-1] = lines[-1] + "*"
    return lines
