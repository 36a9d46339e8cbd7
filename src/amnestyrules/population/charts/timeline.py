"""Chart (a): every decree of the corpus on one time line, coloured by kind, labelled with its
number and date of issue.

The decrees bunch up (three in 2011 within four months, three in 2013, three in 2022), so their
labels cannot sit at one height. Each label is a flag on a stem: its left edge on the stem, the
text running right. Placed from the latest decree back, a flag goes on the side of the axis where
its stem can be shortest while standing above every flag of a later decree that lies within its
width; since a later flag starts to the right of an earlier stem, no stem then crosses a flag and
no two flags overlap. Label sizes are measured on the renderer, not guessed, so the layout holds
in Arabic too; :func:`collisions` checks the drawn figure.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

import attrs

from amnestyrules.law.corpus import Corpus
from amnestyrules.law.model import Decree
from amnestyrules.population.charts.style import INK, KIND_COLOURS, MUTED, check_language, pyplot, text
from amnestyrules.present.i18n import catalogue as messages
from amnestyrules.present.i18n import decree_short, message

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: gids of the drawn labels and stems, for tests and for anyone restyling the figure.
LABEL = "decree-label"
STEM = "decree-stem"
WIDTH_IN = 14.0
#: Vertical room per level, as a multiple of a label's height.
STEP = 1.3
GAP_PX = 8


@attrs.frozen
class _Flag:
    decree: Decree
    x: float            # the stem, in days (matplotlib date numbers)
    width: float        # the label's width, in days
    level: int          # signed: above the axis > 0, below < 0


def timeline_chart(corpus: Corpus, lang: str = "en", *, start: int = 2011, end: int = 2026) -> "Figure":
    """The decrees issued from ``start`` to ``end`` (years, inclusive) on a time line."""
    check_language(lang)
    plt = pyplot()
    decrees = [d for d in (corpus.decree(i) for i in corpus.ids()) if start <= d.issued.year <= end]
    fig: Figure
    ax: Axes
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 6))
    fig.subplots_adjust(left=0.02, right=0.98, bottom=0.12, top=0.88)
    lo, hi = _day_number(dt.date(start, 1, 1)), _day_number(dt.date(end, 12, 31))
    ax.set_xlim(lo - 90, hi + 90)
    renderer = fig.canvas.get_renderer()   # type: ignore[attr-defined]
    px_per_day = ax.transData.transform((1, 0))[0] - ax.transData.transform((0, 0))[0]
    labels = []
    height_px = 0.0
    for d in decrees:
        label = ax.text(_day_number(d.issued), 0, text(f"{decree_short(d.id, lang)}\n{d.issued.isoformat()}", lang),
                        ha="left", fontsize=9, color=INK, gid=LABEL, linespacing=1.2,
                        multialignment="right" if lang == "ar" else "left",
                        bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "linewidth": 0.9,
                              "edgecolor": KIND_COLOURS.get(d.kind, MUTED)})
        box = label.get_window_extent(renderer)
        height_px = max(height_px, box.height)
        labels.append(label)
    flags = _place([(d, _day_number(d.issued), (t.get_window_extent(renderer).width + GAP_PX) / px_per_day)
                    for d, t in zip(decrees, labels)])
    top = max([f.level for f in flags] + [1])
    bottom = min([f.level for f in flags] + [-1])
    # Size the figure so one level is STEP label heights: the axes keep their share of the figure.
    step_px = height_px * STEP
    axes_px = (top - bottom + 2.4) * step_px
    frac = ax.get_position().height
    fig.set_size_inches(WIDTH_IN, max(axes_px / frac / fig.dpi, 3.0))
    ax.set_ylim(bottom - 1.2, top + 1.2)
    ax.set_xlim(lo - 90, max(hi + 90, max(f.x + f.width for f in flags)))
    for f, label in zip(flags, labels):
        colour = KIND_COLOURS.get(f.decree.kind, MUTED)
        ax.plot([f.x, f.x], [0, f.level], color=colour, linewidth=1.3, gid=STEM, zorder=1)
        ax.plot([f.x], [0], marker="o", markersize=6.5, color=colour, zorder=3)
        label.set_position((f.x, f.level))
        label.set_verticalalignment("bottom" if f.level > 0 else "top")
        label.set_zorder(4)
    ax.axhline(0, color=INK, linewidth=1, zorder=2)
    _axes(ax, lang, start, end)
    _legend(ax, decrees, lang)
    return fig


def _day_number(day: dt.date) -> float:
    """matplotlib's number for a date (days since its epoch)."""
    import matplotlib.dates as mdates
    return float(mdates.date2num(day))


def _place(items: list[tuple[Decree, float, float]]) -> list[_Flag]:
    """Levels for flags (decree, stem x, width), placed from the latest back (see the module docstring)."""
    placed: list[_Flag] = []
    for decree, x, width in sorted(items, key=lambda i: i[1], reverse=True):
        best = None
        for side in (1, -1):
            under = [abs(f.level) for f in placed if (f.level > 0) == (side > 0) and x <= f.x < x + width]
            level = side * (1 + max(under, default=0))
            if best is None or abs(level) < abs(best):
                best = level
        assert best is not None
        placed.append(_Flag(decree, x, width, best))
    placed.sort(key=lambda f: f.x)
    by_decree = {f.decree.id: f for f in placed}
    return [by_decree[d.id] for d, _, _ in items]


def _axes(ax: "Axes", lang: str, start: int, end: int) -> None:
    ax.set_xticks([_day_number(dt.date(y, 1, 1)) for y in range(start, end + 1)],
                  [str(y) for y in range(start, end + 1)])
    ax.tick_params(axis="x", labelsize=9.5)
    ax.yaxis.set_visible(False)
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="x", color="#E3E3E3", linewidth=0.6, zorder=0)
    loc: Literal["left", "right"] = "right" if lang == "ar" else "left"
    ax.set_title(text(message("population.timeline_title", lang), lang), loc=loc, fontsize=15, pad=24)
    ax.text(1.0 if lang == "ar" else 0.0, 1.01, text(message("population.timeline_note", lang), lang),
            transform=ax.transAxes, ha=loc, va="bottom", fontsize=10, color=MUTED)


def _legend(ax: "Axes", decrees: list[Decree], lang: str) -> None:
    from matplotlib.lines import Line2D
    kinds = [k for k in KIND_COLOURS if any(d.kind == k for d in decrees)]
    kinds += sorted({d.kind for d in decrees} - set(kinds))
    names = messages()["decrees"]["kinds"]
    handles = [Line2D([], [], marker="o", linestyle="-", color=KIND_COLOURS.get(k, MUTED),
                      label=text(f"{names[k][lang] if k in names else k} ({sum(d.kind == k for d in decrees)})", lang))
               for k in kinds]
    # Below the axis, outside the plot: nothing it could cover.
    ax.legend(handles=handles[::-1] if lang == "ar" else handles,
              title=text(message("population.timeline_legend", lang), lang), loc="upper center",
              bbox_to_anchor=(0.5, -0.08), ncol=len(handles), fontsize=10, title_fontsize=10, frameon=False,
              markerfirst=lang != "ar")


def label_texts(fig: "Figure") -> list[str]:
    """The decree labels drawn on a timeline, in decree order."""
    return [t.get_text() for ax in fig.axes for t in ax.texts if t.get_gid() == LABEL]


def collisions(fig: "Figure") -> list[str]:
    """Every pair of labels that overlap and every stem that crosses a label other than its own,
    measured on the drawn figure (an empty list: the layout is clean)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()   # type: ignore[attr-defined]
    found: list[str] = []
    for ax in fig.axes:
        labels = [t for t in ax.texts if t.get_gid() == LABEL]
        boxes: list[Any] = [t.get_bbox_patch().get_window_extent(renderer) for t in labels]  # type: ignore[union-attr]
        stems = [line for line in ax.lines if line.get_gid() == STEM]
        for i, a in enumerate(boxes):
            for j in range(i + 1, len(boxes)):
                if a.overlaps(boxes[j]):
                    found.append(f"labels overlap: {labels[i].get_text()!r} and {labels[j].get_text()!r}")
        for k, stem in enumerate(stems):
            (x0, y0), (x1, y1) = ax.transData.transform(stem.get_xydata())
            for i, box in enumerate(boxes):
                if i == k:
                    continue
                if box.x0 < x0 < box.x1 and min(y0, y1) < box.y1 and box.y0 < max(y0, y1):
                    found.append(f"stem of {labels[k].get_text()!r} crosses {labels[i].get_text()!r}")
    return found
