"""A population summary as a report: markdown for people (English or Arabic), JSON for programs.

The report opens with the population's assumptions, labelled as such, before any result: a reader
who skims sees first that the numbers come from a model. Then, per decree: the seven groups, the
people the text frees beside the releases reported, the articles that keep people in, and the
release funnel.
"""

from __future__ import annotations

import json
from typing import Any, Optional, Sequence

from amnestyrules.law.catalogue import Catalogue
from amnestyrules.population.config import PopulationConfig
from amnestyrules.population.summary import FUNNEL, GROUPS, PopulationSummary
from amnestyrules.present.i18n import count_text, decree_short, isolate_runs, message

#: Blocking articles listed per decree in the markdown report.
REPORT_ARTICLES = 5


def summary_json(summary: PopulationSummary, config: Optional[PopulationConfig] = None) -> str:
    data: dict[str, Any] = summary.to_json()
    if config is not None:
        data["config"] = config.source_file
        data["assumptions"] = [{"field": a.field, "says": a.says, "source": a.source} for a in config.assumptions]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def summary_markdown(summary: PopulationSummary, catalogue: Catalogue, lang: str = "en",
                     config: Optional[PopulationConfig] = None, charts: Sequence[str] = ()) -> str:
    m = _Msg(lang)
    p = summary.population
    out = [f"# {summary.title(lang)}", ""]
    if config is not None and config.description and lang == "en":
        out += [config.description, ""]
    out += [m("report.population", date=summary.as_of.isoformat(), size=count_text("people", summary.size, lang),
              custody=f"{p['custody']:,}", without_charge=f"{p['held_without_charge']:,}",
              civil=f"{p['civil_claim']:,}", on_charges=f"{p['on_charges']:,}", at_large=f"{p['at_large']:,}"), ""]
    if config is not None:
        out += [f"## {m('report.assumptions')}", "", m("report.assumptions_intro", file=f"`{config.source_file}`"), ""]
        for a in config.assumptions:
            source = f" ({m('report.source', source=a.source)})" if a.source else ""
            out.append(f"- `{a.field}`: {a.says}{source}")
        out.append("")
    out += [f"## {m('report.outcomes')}", ""]
    later = [d.decree for d in summary.decrees if d.issued > summary.as_of]
    if later:
        out += [m("report.later", date=summary.as_of.isoformat(), decrees=", ".join(later)), ""]
    out += _table([m("report.col_decree"), m("report.col_issued")] + [m(f"groups.{g}") for g in GROUPS],
                  [[decree_short(d.decree, lang), d.issued.isoformat()] + [f"{d.groups[g]:,}" for g in GROUPS]
                   for d in summary.decrees], lang)
    reported = [d for d in summary.decrees if d.reported is not None]
    if reported:
        out += ["", f"## {m('report.gap')}", "", m("report.gap_intro"), ""]
        out += _table([m("report.col_decree"), m("report.col_eligible"), m("report.col_reported"),
                       m("report.col_counts"), m("report.col_who")],
                      [[decree_short(d.decree, lang), f"{d.eligible:,}",
                        f"{d.reported.figure:,}" if d.reported and d.reported.figure is not None else "-",
                        d.reported.counts_in(lang) if d.reported else "",
                        _link(d.reported.who, d.reported.sources) if d.reported else ""] for d in reported], lang)
    out += ["", f"## {m('report.blocking')}", "", m("report.blocking_intro"), ""]
    for d in summary.decrees:
        if not d.blocking:
            continue
        out += [f"### {decree_short(d.decree, lang)}", ""]
        out += _table([m("report.col_article"), m("report.col_people")],
                      [[article_label(b.statute, b.article, catalogue, lang), f"{b.people:,}"]
                       for b in d.blocking[:REPORT_ARTICLES]], lang)
        out.append("")
    out += [f"## {m('report.funnels')}", "", m("report.funnels_intro"), ""]
    out += _table([m("report.col_decree")] + [m(f"funnel.{s}") for s in FUNNEL],
                  [[decree_short(d.decree, lang)] + [f"{d.funnel[s]:,}" for s in FUNNEL] for d in summary.decrees],
                  lang)
    if charts:
        out += ["", f"## {m('report.charts')}", ""] + [f"![{c}]({c})" for c in charts]
    return "\n".join(out).rstrip() + "\n"


class _Msg:
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, key: str, **params: object) -> str:
        return message(f"population.{key}", self.lang, **params)


def article_label(statute_id: str, article: str, catalogue: Catalogue, lang: str) -> str:
    """'Counter-Terrorism Law Art. 7' / 'المادة 7 من قانون مكافحة الإرهاب'."""
    statute = catalogue.statutes.get(statute_id)
    name = statute_id if statute is None else (statute.name_ar if lang == "ar" else statute.short_name)
    return message("citation.offence", lang, statute=name, article=article)


def _link(who: str, sources: Sequence[str]) -> str:
    return f"[{who}]({sources[0]})" if sources else who


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], lang: str) -> list[str]:
    """A markdown table; in Arabic each cell's numbers, dates and ids are isolated (it renders RTL)."""
    def cell(text: str) -> str:
        text = text.replace("|", "\\|")
        return isolate_runs(text) if lang == "ar" and "](" not in text else text
    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines
