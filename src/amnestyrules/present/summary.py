"""The answer a lawyer reads first: one line per decree, then why, for the decrees that matter.

``amnestyrules evaluate`` over the whole corpus used to print every decree's full explanation
tree (hundreds of lines, most of them about decrees issued years before the offence). The summary
puts the verdict first and keeps to a screen:

* a header with the profile and the day the question is judged on;
* one row per decree that can touch a charge: verdict, blocking charges, and the one thing to
  know (the next deadline, the clause that blocks, the fact that decides);
* the decrees that cannot touch any charge (issued before the earliest offence, or with a cutoff
  before every offence date) folded into one line;
* per-charge rulings (one line each, cited) only for decrees some provision of which reaches a
  charge, with one confidence line where the answer rests on medium/low-confidence law.

The full trees stay one flag away (``--detail``, :func:`amnestyrules.present.render.outcomes_text`).
"""

from __future__ import annotations

import datetime as dt
import textwrap
from fractions import Fraction
from typing import Optional, Sequence

from amnestyrules.case.model import Profile
from amnestyrules.engine.answers import Outcome, Reason, Ruling
from amnestyrules.law.catalogue import Catalogue
from amnestyrules.law.corpus import Corpus
from amnestyrules.law.model import Decree, Effect
from amnestyrules.present.i18n import (
    benefit_text,
    bidi_text,
    citation_text,
    confidence_label,
    count_text,
    decree_short,
    isolate_id,
    join,
    join_ids,
    later_note,
    message,
    offence_text,
    outcome_label,
    penalty_name,
    reason_text,
    ruling_label,
    term_text,
)
from amnestyrules.present.table import char_width, display_width
from amnestyrules.present.table import pad as _pad

WIDTH = 100
#: Reasons that say why a charge is not covered, most telling first.
WHY_NOT = ("surrendered_late", "deadline_passed", "condition_failed", "no_provision", "after_cutoff",
           "after_cutoff_assumed", "before_window")


def _wrap(line: str, indent: str = "      ") -> list[str]:
    """Wrap at WIDTH columns, continuation lines indented under the text."""
    if display_width(line) <= WIDTH:
        return [line]
    lead = line[: len(line) - len(line.lstrip())]
    return textwrap.wrap(line, WIDTH, initial_indent="", subsequent_indent=lead + indent,
                         break_long_words=False, break_on_hyphens=False) or [line]


def _fit(line: str) -> str:
    """One table row on one line: the note is cut at WIDTH columns (the decree's lines below say it all)."""
    if display_width(line) <= WIDTH:
        return line
    used = end = 0      # one pass: cutting a character at a time was quadratic (200 charges: seconds)
    for i, ch in enumerate(line):
        used += char_width(ch)
        if used > WIDTH - 1:
            break
        end = i + 1
    return line[:end].rstrip() + "…"


def _walk(reasons: Sequence[Reason]) -> list[Reason]:
    out: list[Reason] = []
    for r in reasons:
        out.append(r)
        out += _walk(r.children)
    return out


# ------------------------------------------------------------------------- what cannot touch any charge

#: Why a decree is folded into one line with the others like it, in the order the lines are printed.
FOLD_REASONS = ("before", "cutoff", "unreached")


def folded_reason(o: Outcome, decree: Decree, profile: Profile) -> Optional[str]:
    """Why the decree cannot touch any charge, or None when it can (or the profile has none):
    'before', issued before the earliest offence; 'cutoff', every offence falls after its cutoff;
    'unreached', no provision reaches any of the charges (a desertion decree and a terrorism
    charge), or the charges it might reach fall after its cutoff. The verdict of a folded decree
    is always 'blocked': folding shortens the screen, it never hides a way out."""
    if not o.rulings or not all(r.ruling == "not_covered" and r.reasons for r in o.rulings):
        return None
    keys = {r.reasons[0].key for r in o.rulings}
    if keys == {"after_cutoff"}:
        dates = [c.offence_date for c in profile.charges if isinstance(c.offence_date, dt.date)]
        if len(dates) == len(profile.charges) and all(decree.issued < d for d in dates):
            return "before"
        return "cutoff"
    if keys <= {"after_cutoff", "no_provision"} and o.outcome == "blocked":
        return "unreached"
    return None


def _earliest(profile: Profile) -> Optional[dt.date]:
    dates = [c.offence_date for c in profile.charges if isinstance(c.offence_date, dt.date)]
    return min(dates) if dates else None


# ------------------------------------------------------------------------- one ruling in one line

def ruling_gist(r: Ruling, decree: Decree, lang: str, statutes: Optional[Catalogue]) -> str:
    """What the decree does to a charge and the one reason that matters, in a phrase."""
    label = ruling_label(r.ruling, lang)
    reasons = _walk(r.reasons)
    if r.ruling in ("conditional", "reduced", "commuted") and r.conditions:
        conds = join((c.text_ar if lang == "ar" else c.text_en) + (
            message("labels.condition_by", lang, date=c.by.isoformat()) if c.by else "") for c in r.conditions)
        if r.ruling == "conditional":
            return message("summary.pardoned_if", lang, conditions=conds)
        return message("summary.cut_if", lang, what=_cut(r, lang, statutes), conditions=conds)
    if r.ruling in ("reduced", "commuted") and r.benefit is not None:
        return _cut(r, lang, statutes)
    if r.ruling == "excluded":
        why = [x for x in reasons if x.key == "excluded_by"]
        if why:
            return f"{label}: " + message("labels.clause_separator", lang).join(
                dict.fromkeys(str(x.params.get("ar" if lang == "ar" else "en")) for x in why))
    if r.ruling == "not_covered":
        for key in WHY_NOT:
            hit = next((x for x in reasons if x.key == key), None)
            if hit is not None:
                return f"{label}: {reason_text(hit, lang, statutes)}"
    if r.ruling == "undetermined":
        facts = join((f.fact for f in r.deciding_facts), lang)
        possible = join((ruling_label(p, lang) for p in r.possible), lang)
        return message("summary.depends", lang, facts=facts, possible=possible)
    if any(x.key == "either_way" for x in r.reasons):
        return message("summary.either_way", lang, ruling=label)
    return label


def _cut(r: Ruling, lang: str, statutes: Optional[Catalogue]) -> str:
    """'commuted to temporary hard labour (20 years)' for this charge's penalty, else the provision's benefit."""
    applied = next((x for x in _walk(r.reasons) if x.key == "benefit" and x.params.get("to")), None)
    if applied is not None:
        years = applied.params.get("years")
        term = term_text(Fraction(str(years)), lang) if years else ""
        return message("summary.commuted_to", lang, to=penalty_name(str(applied.params["to"]), lang, statutes),
                       term=f" ({term})" if term else "")
    what = benefit_text(r.benefit, lang, statutes) if r.benefit is not None else ""
    return f"{ruling_label(r.ruling, lang)}: {what}" if what else ruling_label(r.ruling, lang)


def _charge_line(r: Ruling, decree: Decree, lang: str, statutes: Optional[Catalogue]) -> str:
    cite = f"  {citation_text(r.citation, lang)}" if r.citation is not None else ""
    return f"  {isolate_id(r.charge, lang)}: {ruling_gist(r, decree, lang, statutes)}{cite}"


def _legend(profile: Profile, lang: str, statutes: Optional[Catalogue]) -> list[str]:
    """The charges once, so that each later line can name a charge by its id."""
    parts = []
    for c in profile.charges:
        date = c.offence_date.isoformat() if isinstance(c.offence_date, dt.date) else message("summary.date_unknown", lang)
        parts.append(message("summary.legend_item", lang, charge=c.id,
                             offence=offence_text(c.statute, c.article, lang, statutes), date=date))
    return _wrap(message("summary.legend", lang, charges=message("labels.clause_separator", lang).join(parts)), "  ") \
        if parts else []


# ------------------------------------------------------------------------- one decree in one row

def _note(o: Outcome, decree: Decree, lang: str, statutes: Optional[Catalogue]) -> str:
    """The one thing to know about a verdict."""
    if o.outcome == "released_if" and o.conditions:
        dated = sorted((c for c in o.conditions if c.by), key=lambda c: c.by)  # type: ignore[arg-type,return-value]
        first = dated[0] if dated else o.conditions[0]
        text = first.text_ar if lang == "ar" else first.text_en
        return message("summary.next_deadline", lang, date=first.by.isoformat()) if first.by else text
    if o.outcome == "undetermined":
        facts = join((f"{f.charge}.{f.fact}" if f.charge else f.fact for f in o.deciding_facts), lang)
        return message("summary.ask", lang, facts=facts or "-",
                       possible=join((outcome_label(p, lang) for p in o.possible), lang))
    if o.outcome == "out_of_reach":
        return reason_text(next(x for x in o.reasons if x.key in ("held_without_charge", "civil_claim")), lang)
    if o.blocking:
        blocker = o.ruling_for(o.blocking[0])
        return f"{isolate_id(blocker.charge, lang)} {ruling_gist(blocker, decree, lang, statutes)}"
    if o.outcome == "sentence_reduced":
        cut = next((r for r in o.rulings if r.ruling in ("reduced", "commuted")), None)
        return f"{isolate_id(cut.charge, lang)} {ruling_gist(cut, decree, lang, statutes)}" if cut else ""
    return message("summary.all_pardoned", lang)


def _reached(o: Outcome) -> bool:
    """Does some provision of the decree reach a charge (so its rulings are worth a line each)?"""
    return any(r.provision is not None or r.ruling not in ("not_covered",)
               or any(x.key == "selected" for x in _walk(r.reasons)) for r in o.rulings)


def summary_text(profile: Profile, outcomes: Sequence[Outcome], corpus: Corpus, lang: str = "en",
                 left_out: Sequence[Decree] = (), as_of: Optional[dt.date] = None) -> str:
    """The screen a lawyer reads first (see the module docstring). ``left_out``: the decrees issued
    after the day of the question that the caller did not ask about; the screen names them.
    ``as_of``: the day of the question (by default the outcomes' day; give it when there may be none)."""
    statutes = corpus.catalogue
    as_of = as_of or next((o.as_of for o in outcomes if o.as_of is not None), None)
    lines = _wrap(message("summary.header", lang, profile=profile.id, as_of=as_of.isoformat() if as_of else "-",
                          count=count_text("decrees", len(outcomes), lang)), "  ")
    lines += _legend(profile, lang, statutes)
    lines += [message("summary.notice", lang, text=n.message) for n in getattr(profile, "warnings", ())]
    lines += [line for o in outcomes
              for line in _wrap(later_note(o.decree, corpus.decree(o.decree).issued, o.as_of, lang), "  ") if line]
    if left_out and as_of is not None:
        lines += _wrap(message("summary.left_out", lang, count=count_text("decrees", len(left_out), lang),
                               date=as_of.isoformat(), decrees=_span([d.id for d in left_out], lang)),
                       "  ")
    folded: dict[str, list[str]] = {why: [] for why in FOLD_REASONS}
    shown: list[tuple[Outcome, Decree]] = []
    for o in outcomes:
        d = corpus.decree(o.decree)
        why = folded_reason(o, d, profile)
        if why is None:
            shown.append((o, d))
        else:
            folded[why].append(d.id)
    rows = []
    for o, d in shown:
        verdict = outcome_label(o.outcome, lang)
        rows.append((decree_short(d.id, lang), verdict, join_ids(o.blocking, lang) or "-", _note(o, d, lang, statutes)))
    if rows:
        head = (message("summary.col_decree", lang), message("summary.col_verdict", lang),
                message("summary.col_blocking", lang), message("summary.col_note", lang))
        widths = [max(display_width(r[i]) for r in rows + [head]) for i in range(3)]
        lines.append("")
        for r in [head] + rows:
            text = "  " + "  ".join(_pad(r[i], widths[i]) for i in range(3)) + "  " + r[3]
            lines.append(_fit(text.rstrip()))
    earliest = _earliest(profile)
    if folded["before"]:
        lines += _wrap(message("summary.folded_before", lang, count=count_text("decrees", len(folded["before"]), lang),
                             date=earliest.isoformat() if earliest else "-",
                             decrees=_span(folded["before"], lang)), "  ")
    if folded["cutoff"]:
        lines += _wrap(message("summary.folded_cutoff", lang, count=count_text("decrees", len(folded["cutoff"]), lang),
                             decrees=_span(folded["cutoff"], lang)), "  ")
    if folded["unreached"]:
        lines += _wrap(message("summary.folded_unreached", lang,
                               count=count_text("decrees", len(folded["unreached"]), lang),
                               decrees=join((decree_short(i, lang) for i in folded["unreached"]), lang)), "  ")
    blank = True
    for o, d in shown:
        if not _reached(o):
            continue
        if blank:
            lines.append("")
            blank = False
        note = message("summary.open_questions", lang) if o.confidence != "high" and o.warnings else ""
        lines += _wrap(message("summary.decree_line", lang, decree=decree_short(d.id, lang), issued=d.issued.isoformat(),
                               outcome=outcome_label(o.outcome, lang), confidence=confidence_label(o.confidence, lang),
                               note=note), "  ")
        for ruling in o.rulings:
            lines += _wrap(_charge_line(ruling, d, lang, statutes))
        effects = _effects(o, d)
        if effects:
            lines += _wrap("  " + message("summary.effects", lang, effects=join(
                dict.fromkeys(message(f"summary.effect_kinds.{e.kind}", lang) for e in effects), lang)))
    lines.append("")
    lines += _wrap(message("summary.footer", lang), "  ")
    return bidi_text("\n".join(lines), lang) + "\n"


def _effects(o: Outcome, decree: Decree) -> list[Effect]:
    """What the pardons given here do besides lifting the penalty (the decree's and the provisions')."""
    out: dict[tuple[str, str], Effect] = {}
    for r in o.rulings:
        if r.ruling in ("pardoned", "conditional") and r.provision is not None:
            for e in decree.effects_for(decree.provision(r.provision)):
                out.setdefault((e.kind, e.text_en), e)
    return list(out.values())


def _span(ids: Sequence[str], lang: str) -> str:
    """'LD-34-2011 ... LD-18-2018' for a long run of decrees, each listed for a short one."""
    names = [decree_short(i, lang) for i in ids]
    return join(names, lang) if len(names) <= 3 else f"{names[0]} ... {names[-1]}"
