"""Explanations and comparisons rendered as text (English or Arabic) and JSON."""

from __future__ import annotations

from typing import Any, Iterable, Optional, Sequence

from amnestyrules.analysis.blocking import BlockingSets, _ordered
from amnestyrules.analysis.compare import Comparison, DecreeRow
from amnestyrules.analysis.counterfactuals import Change, Counterfactual, DateRange, _article_span_label, value_json
from amnestyrules.analysis.engine import RELEASING_RULINGS
from amnestyrules.analysis.questions import Explanation
from amnestyrules.engine.answers import Ruling
from amnestyrules.law.catalogue import Catalogue
from amnestyrules.law.model import Citation, Decree
from amnestyrules.present.i18n import (
    bidi_text,
    citation_label,
    citation_text,
    confidence_label,
    count_text,
    decree_short,
    isolate_id,
    join,
    join_ids,
    later_note,
    message,
    outcome_label,
    reason_text,
    ruling_label,
)
from amnestyrules.present.table import display_width, pad, table

# =========================================================================== rendering
# Text goes through i18n (citations, statute names, confidence in the reader's language) and,
# in Arabic, through bidi_text once at the end, as render.py does. JSON stays English and plain.

def _m(key: str, lang: str, **params: Any) -> str:
    """A message of the ``analysis`` section of messages.yaml."""
    return message(f"analysis.{key}", lang, **params)


def _cite(c: Optional[Citation], lang: str) -> str:
    return citation_text(c, lang) if c is not None else ""


def _set_text(s: Iterable[str], order: Sequence[str], lang: str = "en") -> str:
    return "{" + join_ids(_ordered(s, order), lang) + "}"


def value_text(value: Any, field: str, lang: str = "en") -> str:
    """A value as a lawyer reads it."""
    if isinstance(value, DateRange):
        if value.first is None and value.last is None:
            return _m("any_date", lang)
        if value.first is None:
            return _m("on_or_before", lang, date=value.last.isoformat())      # type: ignore[union-attr]
        if value.last is None:
            return _m("on_or_after", lang, date=value.first.isoformat())
        if value.first == value.last:
            return _m("on_date", lang, date=value.first.isoformat())
        return _m("date_range", lang, first=value.first.isoformat(), last=value.last.isoformat())
    if value is None:
        return _m("not_released" if field == "hostage_released_on" else "none", lang)
    return str(value_json(value))


def _change_text(c: Change, lang: str) -> str:
    after = (_article_span_label(c.articles).replace(", ", message("labels.list_separator", lang)) if c.articles
             else value_text(c.after, c.field, lang))
    return _m("change", lang, subject=c.subject, before=value_text(c.before, c.field, lang), after=after)


def _counterfactual_text(cf: Counterfactual, decree: Decree, lang: str) -> list[str]:
    effect = _m("frees_person" if cf.frees_person else "lifts_charge_only", lang)
    where = citation_label(cf.citation, lang) if cf.citation else (cf.provision or "")
    head = _m("flip", lang, change=_change_text(cf.change, lang), ruling=ruling_label(cf.ruling, lang),
              decree=decree_short(decree.id, lang), provision=where, effect=effect)
    if cf.confidence != "high":
        head += f" ({_m('confidence', lang, confidence=confidence_label(cf.confidence, lang))})"
    lines = [f"      - {head}"]
    if cf.clause is not None:
        lines.append(f"        {_m('clause', lang, citation=_cite(cf.clause, lang))}")
    return lines


#: The reasons worth repeating next to a charge the decree does not lift (the full tree is in
#: ``amnestyrules evaluate``).
_WHY_KEYS = frozenset({"after_cutoff", "after_cutoff_assumed", "deadline_passed", "surrendered_late", "no_provision",
                       "excluded_by", "condition_failed", "depends_on", "too_many_unknowns"})


def _provision_or_cite(d: Decree, r: Ruling, lang: str = "en") -> str:
    citation = d.provision(r.provision).citation if r.provision else r.citation
    return citation_label(citation, lang) if citation is not None else ""


def _rulings_text(x: Explanation, lang: str, statutes: Optional[Catalogue]) -> list[str]:
    d, o = x.decree, x.outcome
    lines = ["  " + _m("charges_heading", lang)]
    if not o.rulings:
        lines.append("    " + _m("no_charges", lang))
    width = max((display_width(r.charge) for r in o.rulings), default=0)
    for r in o.rulings:
        where = f"{decree_short(d.id, lang)} {_provision_or_cite(d, r, lang)}" if (r.provision or r.citation) else ""
        lines.append(f"    {pad(r.charge, width)}  {ruling_label(r.ruling, lang)}  {where}".rstrip())
        if r.ruling not in RELEASING_RULINGS:
            lines += [f"    {pad('', width)}    {reason_text(why, lang, statutes)} {_cite(why.citation, lang)}".rstrip()
                      for why in r.reasons if why.key in _WHY_KEYS]
    return lines


def _blocking_text(b: BlockingSets, lang: str) -> list[str]:
    lines = ["  " + _m("blocking_heading", lang)]
    if b.sets == (frozenset(),):
        return lines + ["    " + _m("nothing_blocks", lang)]
    for s in b.sets:
        members = join((f"{isolate_id(c, lang)} ({ruling_label(b.rulings[c], lang)})" for c in _ordered(s, b.charges)),
                       lang)
        lines.append(f"    {_set_text(s, b.charges, lang)}  {members}")
    if b.nothing_frees:
        lines.append("    " + _m("nothing_frees", lang))
    if not b.complete:
        lines.append("    " + _m("search_bounded", lang, size=b.searched_size, tried=b.tried, charges=len(b.charges)))
        if b.irreducible is not None:
            lines.append("    " + _m("irreducible", lang, set=_set_text(b.irreducible, b.charges, lang)))
        elif b.why_not:
            lines.append("    " + _m("all_dropped_still_held", lang))
    return lines


def _counterfactuals_text(x: Explanation, lang: str) -> list[str]:
    lines = ["  " + _m("counterfactuals_heading", lang)]
    if not x.counterfactuals:
        return lines + ["    " + _m("no_targets", lang)]
    cut_short = {subject for what, subject in x.unexplored if what == "counterfactuals"}
    for charge, items in x.counterfactuals.items():
        lines.append(f"    {charge} ({ruling_label(x.outcome.ruling_for(charge).ruling, lang)}):")
        if charge in cut_short:      # never 'no change lifts it' when not every change was tried
            lines.append("      " + _m("not_all_tried", lang, charge=charge))
        elif not items:
            lines.append("      " + _m("no_flip", lang, charge=charge, decree=decree_short(x.decree.id, lang)))
        for cf in items:
            lines += _counterfactual_text(cf, x.decree, lang)
    return lines


def _questions_text(x: Explanation, lang: str) -> list[str]:
    lines = ["  " + _m("questions_heading", lang)]
    if not x.questions:
        starved = any(what == "charge" for what, _ in x.unexplored)
        lines.append("    " + _m("questions_not_explored" if starved else "no_questions", lang))
    for q in x.questions:
        lines.append(f"    - {q.subject}?")
        if len(q.answers) == 1:
            lines.append("        " + _m("jointly", lang))
        for a in q.answers:
            values = join((value_text(v, q.fact, lang) for v in a.values), lang)
            rulings = join((f"{isolate_id(c, lang)}: {ruling_label(r, lang)}" for c, r in a.rulings), lang)
            lines.append("        " + _m("answer", lang, value=values, rulings=rulings,
                                         verdict=outcome_label(a.outcome, lang),
                                         citation=_cite(a.citation, lang)).rstrip())
    return lines


def _unexplored_text(unexplored: Sequence[tuple[str, str]], budget: int, lang: str) -> list[str]:
    """What the work budget did not cover, grouped by kind, in the order first met."""
    if not unexplored:
        return []
    kinds: dict[str, list[str]] = {}
    for what, subject in unexplored:
        kinds.setdefault(what, []).append(subject)
    lines = ["  " + _m("unexplored_heading", lang, budget=budget)]
    for what, subjects in kinds.items():
        shown = join_ids(subjects[:12], lang) + (f" (+{len(subjects) - 12})" if len(subjects) > 12 else "")
        lines.append("    - " + _m(f"unexplored_{what}", lang, subjects=shown))
    return lines


def explanation_text(x: Explanation, lang: str = "en", statutes: Optional[Catalogue] = None) -> str:
    """``amnestyrules explain`` as text (``statutes``: the catalogue, for statute names in reasons)."""
    d, o = x.decree, x.outcome
    title = d.title_ar if lang == "ar" else d.title_en
    lines = [_m("explain_title", lang, profile=x.profile.id, decree=decree_short(d.id, lang),
                issued=d.issued.isoformat(), title=title),
             "  " + _m("verdict", lang, verdict=outcome_label(o.outcome, lang),
                       confidence=confidence_label(o.confidence, lang))]
    lines += [f"  {reason_text(r, lang, statutes)}" for r in o.reasons]
    for c in o.conditions:
        lines.append("  " + _m("condition", lang, charge=c.charge, text=c.text_ar if lang == "ar" else c.text_en,
                               by=c.by.isoformat() if c.by else "-", citation=_cite(c.citation, lang)))
    lines += _rulings_text(x, lang, statutes)
    lines += _blocking_text(x.blocking, lang)
    lines += _counterfactuals_text(x, lang)
    lines += _questions_text(x, lang)
    lines += _unexplored_text(x.unexplored, x.budget, lang)
    for w in o.warnings:
        lines.append("  " + _m("warning", lang, text=reason_text(w, lang, statutes)))
    return bidi_text("\n".join(lines), lang) + "\n"


def explanation_json(x: Explanation) -> dict[str, Any]:
    """``amnestyrules explain --format json`` (documented in docs/analysis.md)."""
    d, o = x.decree, x.outcome
    return {
        "profile": x.profile.id, "decree": d.id, "issued": d.issued.isoformat(),
        "outcome": o.outcome, "confidence": o.confidence,
        "charges": [{"charge": r.charge, "ruling": r.ruling,
                     "provision": _provision_or_cite(d, r) or None,
                     "citation": r.citation.to_json() if r.citation else None} for r in o.rulings],
        "conditions": [c.to_json() for c in o.conditions],
        "blocking": {**x.blocking.to_json(), "why_not": [reason_text(r, "en") for r in x.blocking.why_not]},
        "counterfactuals": [{"charge": charge, "ruling": o.ruling_for(charge).ruling,
                             "changes": [c.to_json() for c in items]}
                            for charge, items in x.counterfactuals.items()],
        "questions": [q.to_json() for q in x.questions],
        "unexplored": [{"what": what, "subject": subject} for what, subject in x.unexplored],
        "warnings": [reason_text(w, "en") for w in o.warnings],
    }


def comparison_text(c: Comparison, lang: str = "en") -> str:
    """``amnestyrules compare`` as an aligned table: one decree per line, one column per charge.

    Columns are laid out by display width (:mod:`.table`); in Arabic every row, like the
    sentences around it, opens with a right-to-left mark and isolates its ids and dates.
    """
    def ruling(r: Optional[str]) -> str:
        return "-" if r is None else (r if lang == "en" else ruling_label(r, lang))

    def blocking(row: DecreeRow) -> str:
        if row.blocking.sets == (frozenset(),):
            return "-"
        if row.blocking.nothing_frees:
            return _m("none_frees_short", lang)
        sets = list(row.blocking.sets) or ([row.blocking.irreducible] if row.blocking.irreducible else [])
        return " | ".join("+".join(_ordered(s, c.charges)) for s in sets) + ("" if row.blocking.complete else " ?")

    header = [_m("col_decree", lang), _m("col_issued", lang), _m("col_verdict", lang), _m("col_blocking", lang)]
    header += list(c.charges)
    rows = [[r.decree, r.issued.isoformat(), r.outcome if lang == "en" else outcome_label(r.outcome, lang),
             blocking(r)] + [ruling(r.rulings.get(ch)) for ch in c.charges] for r in c.rows]
    lines = [_m("compare_title", lang, profile=c.profile, decrees=count_text("decrees", len(c.rows), lang))]
    lines += table(rows, lang, header)
    if not c.rows and c.as_of is not None:
        lines.append(_m("no_decree_yet", lang, date=c.as_of.isoformat()))
    lines += [later_note(r.decree, r.issued, c.as_of, lang) for r in c.later]
    if c.closest:
        row = c.row(c.closest)
        lines.append(_m("closest", lang, decree=decree_short(row.decree, lang),
                        blocking=count_text("blocking_charges", row.blocking.smallest or 0, lang),
                        verdict=outcome_label(row.outcome, lang)))
    else:
        lines.append(_m("no_closest", lang))
    if lang == "ar":      # the table's rows are marked already; the sentences around it are marked here
        lines[0], lines[-1] = bidi_text(lines[0], lang), bidi_text(lines[-1], lang)
    lines += [bidi_text(line, lang) for line in _unexplored_text(c.unexplored, c.budget, lang)]
    return "\n".join(lines) + "\n"
