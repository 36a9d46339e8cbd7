"""Charts (b) and (c): what each decree does to a population, and what keeps people in.

(b) One horizontal bar per decree, in issue order from the top, split into the seven groups of
:data:`amnestyrules.population.summary.GROUPS`; where the dossier reports releases, the bar is
annotated with the people the text frees beside the figure reported. (c) For one decree, the
articles whose charges block the most people. In Arabic the bars grow from the right and the
labels stand on the right, as an Arabic reader scans.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from amnestyrules.law.catalogue import Catalogue
from amnestyrules.population.charts.style import (
    GROUP_COLOURS,
    MUTED,
    check_language,
    count_axis,
    judged_line,
    legend_below,
    mirror,
    number,
    pyplot,
    text,
    titles,
    value_label,
)
from amnestyrules.population.report import article_label
from amnestyrules.population.summary import GROUPS, PopulationSummary
from amnestyrules.present.i18n import decree_short, message

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: gids of drawn parts, for tests.
BAR = "outcome-bar"
NOTE = "reported-note"


def outcomes_chart(summary: PopulationSummary, lang: str = "en") -> "Figure":
    """(b) A stacked bar of the population's groups for each decree of the summary."""
    check_language(lang)
    plt = pyplot()
    decrees = summary.decrees
    fig: Figure
    ax: Axes
    fig, ax = plt.subplots(figsize=(12, 1.4 + 0.36 * max(len(decrees), 1)))
    rows = range(len(decrees))
    left = [0] * len(decrees)
    for group in GROUPS:
        values = [d.groups[group] for d in decrees]
        ax.barh(rows, values, left=left, color=GROUP_COLOURS[group], height=0.72, gid=f"{BAR}:{group}",
                label=text(message(f"population.groups.{group}", lang), lang), edgecolor="white", linewidth=0.4)
        left = [a + b for a, b in zip(left, values)]
    ax.set_yticks(list(rows), [text(decree_short(d.decree, lang), lang) for d in decrees], fontsize=9)
    ax.invert_yaxis()                                    # the first decree at the top
    biggest = max([d.total for d in decrees] + [1])
    for i, d in enumerate(decrees):
        if d.reported is None or d.reported.figure is None:
            continue
        note = message("population.outcomes_reported", lang, eligible=number(d.eligible),
                       figure=number(d.reported.figure))
        value_label(ax, d.total, i, note, lang, pad=biggest * 0.01, gid=NOTE)
    ax.set_xlim(0, biggest * 1.32)
    count_axis(ax, lang, message("population.outcomes_xlabel", lang, size=number(summary.size)), upto=biggest)
    titles(ax, lang, message("population.outcomes_title", lang, name=summary.title(lang)),
           judged_line(summary.as_of, lang))
    mirror(ax, lang)
    legend_below(ax, lang, ncol=4)
    return fig


def blocking_chart(summary: PopulationSummary, decree_id: str, catalogue: Catalogue, lang: str = "en",
                   top: Optional[int] = None) -> "Figure":
    """(c) The articles whose charges keep the most people in under one decree."""
    check_language(lang)
    plt = pyplot()
    d = summary.decree(decree_id)
    articles = list(d.blocking[:top] if top else d.blocking)
    fig: Figure
    ax: Axes
    fig, ax = plt.subplots(figsize=(11, 1.8 + 0.42 * max(len(articles), 1)))
    title = message("population.blocking_title", lang, decree=decree_short(decree_id, lang))
    subtitle = message("population.blocking_subtitle", lang, name=summary.title(lang))
    if not articles:
        ax.text(0.5, 0.5, text(message("population.blocking_none", lang), lang), ha="center", va="center",
                transform=ax.transAxes, fontsize=11, color=MUTED)
        ax.set_xticks([])
        ax.set_yticks([])
        titles(ax, lang, title, subtitle)
        return fig
    rows = range(len(articles))
    values = [a.people for a in articles]
    ax.barh(rows, values, color=GROUP_COLOURS["blocked_several"], height=0.66, gid=BAR)
    names = [text(article_label(a.statute, a.article, catalogue, lang), lang, width=44) for a in articles]
    ax.set_yticks(list(rows), names, fontsize=9)
    ax.invert_yaxis()
    biggest = max(values)
    for i, v in enumerate(values):
        value_label(ax, v, i, number(v), lang, pad=biggest * 0.01)
    ax.set_xlim(0, biggest * 1.15)
    count_axis(ax, lang, message("population.blocking_xlabel", lang), upto=biggest)
    titles(ax, lang, title, subtitle)
    mirror(ax, lang)
    return fig
