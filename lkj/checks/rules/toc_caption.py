"""toc.caption: the Daftar Tabel lists the captions the body prints."""

from __future__ import annotations

from collections.abc import Iterator

from rapidfuzz import fuzz

from lkj.checks.engine import Context, Rule, involved
from lkj.models import Finding, Provenance, TableInfo, TocEntry
from lkj.normalize.text import fold

RULE = Rule(
    id="toc.caption",
    severity="warning",
    description="A table caption number that the Daftar Tabel lists differently (or not at "
    "all); an entry of the list with no such caption in the body is info.",
    tolerance="numbers compared after normalising the caption style (Tabel. 3.1 / Tabel 3.1.); "
    "list and body aligned in order by number and title (rapidfuzz token_sort_ratio >= 70)",
)


def _toc_prov(ctx: Context, e: TocEntry) -> Provenance:
    return Provenance(source=ctx.source, line=e.line, page=e.page, caption="Daftar Tabel")


def _cap_prov(ctx: Context, t: TableInfo) -> Provenance:
    return Provenance(
        source=ctx.source, line=t.line_start, page=t.page, caption=t.caption, table_index=t.index
    )


def _weight(e: TocEntry, t: TableInfo) -> float:
    """How well a list entry describes a table: same number, similar title."""
    w = 1.0 if e.number == t.number else 0.0
    if e.title and t.title:
        sim = fuzz.token_sort_ratio(fold(e.title), fold(t.title)) / 100.0
        if sim >= 0.7:
            w += sim
    return w


def align(toc: list[TocEntry], body: list[TableInfo]) -> list[tuple[int | None, int | None]]:
    """Pairs (entry, table) in order, maximising number and title agreement; an entry or
    table left without a partner is paired with None."""
    n, m = len(toc), len(body)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            w = _weight(toc[i], body[j])
            take = best[i + 1][j + 1] + w if w > 0 else -1.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    out: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n and j < m:
        w = _weight(toc[i], body[j])
        if w > 0 and best[i][j] == best[i + 1][j + 1] + w:
            out.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            out.append((i, None))
            i += 1
        else:
            out.append((None, j))
            j += 1
    out += [(k, None) for k in range(i, n)] + [(None, k) for k in range(j, m)]
    return _pair_gaps(out)


def _pair_gaps(
    pairs: list[tuple[int | None, int | None]],
) -> list[tuple[int | None, int | None]]:
    """Entries and tables left alone between the same two aligned pairs stand for each other
    in order (a renumbered table whose title changed too)."""
    out: list[tuple[int | None, int | None]] = []
    entries: list[int] = []
    tables: list[int] = []

    def flush() -> None:
        k = min(len(entries), len(tables))
        out.extend(zip(entries[:k], tables[:k], strict=True))
        out.extend((e, None) for e in entries[k:])
        out.extend((None, t) for t in tables[k:])
        entries.clear()
        tables.clear()

    for e, t in pairs:
        if e is not None and t is not None:
            flush()
            out.append((e, t))
        elif e is not None:
            entries.append(e)
        elif t is not None:
            tables.append(t)
    flush()
    return out


def check(ctx: Context) -> Iterator[Finding]:
    toc = ctx.extraction.toc
    body = [t for t in ctx.extraction.tables if t.number]
    if not toc or not body:
        return
    for i, j in align(toc, body):
        e = toc[i] if i is not None else None
        t = body[j] if j is not None else None
        if e is not None and t is not None and e.number == t.number:
            continue
        values = []
        if e is not None:
            listed = f"Tabel {e.number} {e.title or ''}".strip()
            values.append(involved("Daftar Tabel entry", listed, e.number, _toc_prov(ctx, e)))
        if t is not None:
            values.append(involved("caption", t.caption, t.number, _cap_prov(ctx, t)))
        if e is not None and t is not None:
            yield ctx.finding(
                RULE,
                f"the Daftar Tabel lists Tabel {e.number} (line {e.line}) where the body "
                f"captions {t.caption} (line {t.line_start})",
                values=values,
                expected=e.number,
                actual=t.number,
                at=values[-1].provenance,
            )
        elif t is not None:
            yield ctx.finding(
                RULE,
                f"caption {t.caption} (line {t.line_start}) is not in the Daftar Tabel",
                values=values,
                actual=t.number,
            )
        elif e is not None:
            yield ctx.finding(
                RULE,
                f"the Daftar Tabel lists Tabel {e.number} (line {e.line}); no table in the "
                "body has that caption",
                values=values,
                expected=e.number,
                severity="info",
            )
