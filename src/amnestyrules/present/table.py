"""Plain-text tables laid out by display width, in English or Arabic.

``str.ljust`` counts code points, so a cell with harakat (combining marks that take no column)
or with direction marks ends up shorter on screen than its neighbours and the columns drift.
Widths here are what a terminal draws: :mod:`wcwidth` (combining marks 0 columns, wide
characters 2), with the invisible format characters (RLM, the isolates) counted as 0 whatever
the installed wcwidth's tables say.

An Arabic row carries the same direction marks as an Arabic sentence (:func:`.i18n.bidi_line`):
a right-to-left mark opens it, so the first column stands at the right, and each cell's
left-to-right runs (ids, dates, numbers, charge ids) are isolated *within the cell*, so a run
never joins two cells and the cells keep their column order when a terminal lays the line out
right to left. No line carries trailing spaces: a terminal that lays out right to left also
aligns such a line on the right, where the first column stands.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from wcwidth import wcswidth, wcwidth

from amnestyrules.present.i18n import RLM, isolate_runs

#: Between two columns.
GAP = "  "


def char_width(ch: str) -> int:
    """Columns one code point takes (controls and format characters none)."""
    if unicodedata.category(ch) in ("Cf", "Cc", "Mn", "Me"):
        return 0
    return max(wcwidth(ch), 0)


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal."""
    width = wcswidth(text)
    if width >= 0 and not any(unicodedata.category(ch) == "Cf" for ch in text):
        return width
    return sum(char_width(ch) for ch in text)


def pad(text: str, width: int) -> str:
    """``text`` followed by spaces up to ``width`` display columns."""
    return text + " " * max(width - display_width(text), 0)


def table(rows: Sequence[Sequence[str]], lang: str, header: Sequence[str] | None = None) -> list[str]:
    """The lines of an aligned table (``header`` first when given), one per row.

    Rows may be shorter than the widest one (missing cells are empty). In Arabic every line,
    the header's included, opens with a right-to-left mark and isolates its left-to-right runs.
    """
    body = [list(header)] if header is not None else []
    body += [list(r) for r in rows]
    if not body:
        return []
    columns = max(len(r) for r in body)
    cells = [[isolate_runs(c) if lang == "ar" else c for c in r] + [""] * (columns - len(r)) for r in body]
    widths = [max(display_width(r[i]) for r in cells) for i in range(columns)]
    lines = []
    for r in cells:
        line = GAP.join(pad(c, w) for c, w in zip(r, widths))
        lines.append((RLM + line if lang == "ar" else line).rstrip())
    return lines
