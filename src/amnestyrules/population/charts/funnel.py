"""Chart (d): the release funnel for one decree.

The people in custody, then those held on criminal charges only, those whose every charge the
decree reaches, those no exclusion bites, and those released (outright or on conditions): each
bar a subset of the one above (:mod:`amnestyrules.population.summary`), labelled with its count
and its share of those held. Where the dossier reports releases under the decree, a last, grey,
hatched bar shows the figure reported, with what it counts and who counted it, so the distance
between what the text allows and what was done is in the picture.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from amnestyrules.population.charts.style import (
    FUNNEL_COLOUR,
    MUTED,
    check_language,
    count_axis,
    judged_line,
    mirror,
    number,
    percent,
    pyplot,
    text,
    titles,
    value_label,
)
from amnestyrules.population.summary import FUNNEL, PopulationSummary
from amnestyrules.present.i18n import decree_short, message

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

BAR = "funnel-bar"
REPORTED = "reported-bar"
REPORTED_COLOUR = "#8C8C8C"


def funnel_chart(summary: PopulationSummary, decree_id: str, lang: str = "en") -> "Figure":
    check_language(lang)
    plt = pyplot()
    d = summary.decree(decree_id)
    labels = [message(f"population.funnel.{stage}", lang) for stage in FUNNEL]
    values = [d.funnel[stage] for stage in FUNNEL]
    reported = d.reported
    if reported is not None:
        by = message("population.reported_by", lang, date=reported.by.isoformat()) if reported.by else ""
        labels.append(message("population.reported", lang, counts=reported.counts_in(lang), by=by, who=reported.who))
    fig: Figure
    ax: Axes
    fig, ax = plt.subplots(figsize=(11, 1.9 + 0.55 * len(labels)))
    held = values[0]
    widest = max(held, (reported.figure or 0) if reported is not None else 0, 1)
    pad = widest * 0.01

    def shown(count: int) -> str:   # a share of nobody held would mean nothing
        if not held:
            return number(count)
        return message("population.count_share", lang, count=number(count), share=percent(count, held))

    ax.barh(range(len(values)), values, color=FUNNEL_COLOUR, height=0.62, gid=BAR)
    for i, v in enumerate(values):
        value_label(ax, v, i, shown(v), lang, pad=pad)
    if reported is not None:
        row, figure = len(values), reported.figure
        if figure is not None:
            ax.barh([row], [figure], color=REPORTED_COLOUR, height=0.62, hatch="///", edgecolor="white",
                    gid=REPORTED)
        note = shown(figure) if figure is not None else message("population.no_figure", lang)
        value_label(ax, figure or 0, row, note, lang, pad=pad, colour=MUTED)
    ax.set_yticks(list(range(len(labels))), [text(label, lang, width=34) for label in labels], fontsize=9.5)
    ax.invert_yaxis()
    ax.set_xlim(0, widest * 1.3)
    count_axis(ax, lang, message("population.funnel_xlabel", lang), upto=widest)
    titles(ax, lang, message("population.funnel_title", lang, decree=decree_short(decree_id, lang)),
           f"{summary.title(lang)} - {judged_line(summary.as_of, lang)}")
    mirror(ax, lang)
    return fig
