"""Find the header of a sheet under title rows, blank rows and two-row merged headers.

Exports put a title ("2025年3月销售明细表"), a filter line or a blank row
above the header, and sometimes a group row ("金额" over "含税 | 不含税").
The header is the row whose cells best match known column names; a
neighbouring all-text row joins it when that makes the mapping better.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from salesdash.mapping import Mapping, classify

SCAN_ROWS = 30
_NUMBERISH = re.compile(r"^[\s¥￥$€£+\-−(（]*[\d０-９][\d０-９,，.．\s:/年月日%％)）-]*$")


@dataclass
class Header:
    rows: list[int]  # 0-based grid rows forming the header
    candidates: list[list[str]]  # per column: its possible names, the best first
    mapping: Mapping  # the best dataset mapping with this header
    alternatives: list[Mapping]  # every dataset's mapping, best first

    @property
    def data_start(self) -> int:
        return max(self.rows) + 1

    @property
    def headers(self) -> list[str]:
        """One display name per column (what the user calls it)."""
        return [names[0] if names else f"column {i + 1}" for i, names in enumerate(self.candidates)]


def _is_text_row(row: list[str | None]) -> bool:
    cells = [c for c in row if c is not None and str(c).strip()]
    return bool(cells) and not any(_NUMBERISH.match(str(c)) for c in cells)


def _is_group_row(upper: list[str | None], lower: list[str | None]) -> bool:
    """A row of groups over a row of names: fewer distinct labels above than names below.

    A header followed by a data row of text (a customer list) fails this, so
    the first customer is never swallowed into the header.
    """
    if not _is_text_row(lower):
        return False
    above = {c.strip() for c in upper if c and c.strip()}
    below = [c for c in lower if c and c.strip()]
    if len(above) == 1 and _first_filled(upper) <= _first_filled(lower):
        # One label from the table's first column on ("2025年3月销售明细表",
        # "单位：元", merged across or not) is a title over the header, not a group.
        return False
    return len(above) < len(below)


def _first_filled(row: list[str | None]) -> int:
    return next((i for i, c in enumerate(row) if c and c.strip()), len(row))


def _single(row: list[str | None]) -> list[list[str]]:
    return [[c.strip()] if c and c.strip() else [] for c in row]


def _combined(upper: list[str | None], lower: list[str | None]) -> list[list[str]]:
    """Column names for a two-row header: the lower cell, the group above, and both joined."""
    width = max(len(upper), len(lower))
    out = []
    group = None
    for i in range(width):
        u = upper[i] if i < len(upper) else None
        lo = lower[i] if i < len(lower) else None
        u = u.strip() if u and u.strip() else None
        lo = lo.strip() if lo and lo.strip() else None
        group = u or group  # a merged group cell covers the blanks to its right
        names = []
        if lo:
            names.append(lo)
            if group and group != lo:
                names += [f"{group}{lo}", group]
        elif u:
            names.append(u)
        out.append(names)
    return out


def _evaluate(
    cands: list[list[str]], source: str, forced: str | None
) -> tuple[float, list[Mapping]]:
    mappings = classify(cands, source, forced)
    best = mappings[0]
    # Complete mappings beat any incomplete one.
    return (best.score + (100 if not best.missing else 0)), mappings


def find_header(
    grid: list[list[str | None]], source_name: str = "", forced: str | None = None
) -> Header | None:
    """The most plausible header within the first rows, or None for a sheet without one."""
    best: tuple[float, list[int], list[list[str]], list[Mapping]] | None = None
    rows = grid[:SCAN_ROWS]
    for r, row in enumerate(rows):
        if not _is_text_row(row) or sum(1 for c in row if c) < 1:
            continue
        options = [([r], _single(row))]
        if r + 1 < len(rows) and _is_group_row(row, rows[r + 1]):
            options.append(([r, r + 1], _combined(row, rows[r + 1])))
        for used, cands in options:
            score, mappings = _evaluate(cands, source_name, forced)
            if not mappings[0].matches:
                continue
            # A group row (checked above) joins its header on ties, so its
            # sub-header row is never read as data.
            if (
                best is None
                or score > best[0] + 1e-9
                or (len(used) > 1 and score >= best[0] - 1e-9)
            ):
                best = (score, used, cands, mappings)
    if best is None:
        return None
    _, used, cands, mappings = best
    return Header(used, cands, mappings[0], mappings)
