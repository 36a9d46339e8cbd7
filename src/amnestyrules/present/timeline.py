"""A timeline rendered for people (text, English or Arabic) and programs (JSON): sentences, each
decree's steps with citations, and the release date or the charges that still hold the person."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Optional, Sequence

from amnestyrules.analysis.sentencing import CONCURRENCE_ARTICLES, Release, Sentence
from amnestyrules.engine.answers import Reason
from amnestyrules.law.catalogue import Catalogue
from amnestyrules.law.model import Decree
from amnestyrules.present.i18n import (
    benefit_text,
    bidi_text,
    citation_text,
    decree_short,
    isolate_id,
    join,
    join_ids,
    message,
    penalty_name,
    reason_text,
    ruling_label,
    term_text,
)

if TYPE_CHECKING:
    from amnestyrules.analysis.timeline import ChargeStep, DecreeStep, Timeline

from amnestyrules.present.render import WHY_UNCHANGED, _citation_json, charge_node, node_json

# ------------------------------------------------------------------------- timelines

def _date(d: Any) -> Optional[str]:
    return d.isoformat() if d is not None else None


def sentence_text(s: Sentence, lang: str = "en", statutes: Optional[Catalogue] = None) -> str:
    term = message("timeline.term", lang, term=term_text(s.term, lang)) if s.term is not None else ""
    end = message("timeline.ends", lang, date=s.end.isoformat()) if s.end else message("timeline.no_end", lang)
    text = message("timeline.sentence", lang, charge=s.charge, penalty=penalty_name(s.kind, lang, statutes),
                   term=term, start=s.start.isoformat(), end=end)
    return text if s.custodial else f"{text} {message('timeline.non_custodial', lang)}"


def release_text(r: Release, lang: str = "en") -> str:
    if r.indefinite:
        return message("timeline.held", lang, charges=join_ids(r.charges, lang))
    if r.day is None:
        return message("timeline.nothing_held", lang)
    return message("timeline.release", lang, date=r.day.isoformat(), charges=join_ids(r.charges, lang))


def step_text(cs: "ChargeStep", lang: str = "en", statutes: Optional[Catalogue] = None) -> str:
    """What one decree did to one sentence, in one sentence."""
    b, a = cs.before, cs.after
    p: dict[str, object] = {"charge": cs.charge, "ruling": ruling_label(cs.ruling.ruling, lang)}
    if cs.effect == "cleared":
        p["date"] = _date(a.end)
    elif cs.effect == "cut":
        p.update(benefit=benefit_text(cs.ruling.benefit, lang, statutes) if cs.ruling.benefit else "",
                 before=term_text(b.term, lang) if b.term is not None else "",
                 after=term_text(a.term, lang) if a.term is not None else "", end=_date(a.end), was=_date(b.end))
    elif cs.effect == "commuted":
        def with_term(s: Sentence) -> str:
            name = penalty_name(s.kind, lang, statutes)
            return name + (message("timeline.term", lang, term=term_text(s.term, lang)) if s.term is not None else "")
        p.update(penalty_before=with_term(b), penalty_after=with_term(a),
                 end=message("timeline.ends", lang, date=a.end.isoformat()) if a.end else
                 message("timeline.no_end", lang))
    elif cs.effect == "conditional":
        by = cs.params.get("by")
        p["by"] = message("labels.condition_by", lang, date=_date(by)) if by else ""
    elif cs.effect == "undetermined":
        p["facts"] = join(cs.params.get("facts") or (), lang)  # type: ignore[arg-type]
    elif cs.effect == "unchanged":
        why = [x for x in _walk(cs.ruling.reasons) if x.key in WHY_UNCHANGED]
        if why:
            p["why"] = reason_text(why[-1], lang, statutes)
            return message("timeline.effects.unchanged_because", lang, **p)
    elif cs.effect == "after_cutoff":
        rule = str(cs.params.get("rule", "before"))
        p.update(date=cs.params.get("date"), cutoff=cs.params.get("cutoff"),
                 rule=message(f"cutoff_rules.{rule}", lang) if rule in ("before", "on_or_before") else rule)
    return message(f"timeline.effects.{cs.effect}", lang, **p)


def _walk(reasons: Iterable[Reason]) -> Iterable[Reason]:
    for r in reasons:
        yield r
        yield from _walk(r.children)


def _decided_by(t: "Timeline", charge: str, lang: str) -> str:
    """How the sentence that decides the result came to stand as it does, cited."""
    changes, last = t.changes(charge), t.last_step(charge)
    parts = []
    if changes:
        parts.append(message("timeline.changed_by", lang,
                             citations=join((citation_text(c.citation, lang) for c in changes), lang)))
    if t.release.indefinite and last is not None and (not changes or last is not changes[-1]):
        parts.append(message("timeline.last_ruling", lang, ruling=ruling_label(last.ruling.ruling, lang),
                             citation=citation_text(last.citation, lang)))
    if not parts:
        parts.append(message("timeline.served_in_full", lang))
    return message("timeline.decided_by", lang, charge=charge, how=message("labels.clause_separator", lang).join(parts))


def _result_line(t: "Timeline", lang: str) -> str:
    if t.status == "released":
        return message("timeline.result_released", lang, date=_date(t.release.day), charges=join_ids(t.release.charges, lang))
    if t.status == "not_held":
        return message("timeline.result_not_held", lang)
    holders = [isolate_id(c, lang) for c in t.release.charges] if t.release.indefinite else []
    holders += [reason_text(Reason(k), lang) for k in t.other_holds]
    last = t.last_decree
    return message("timeline.result_held", lang, decree=decree_short(last.id, lang) if last else "",
                   charges=join(holders, lang))


def _as_of_line(t: "Timeline", lang: str) -> Optional[str]:
    if t.as_of is None:
        return None
    if t.out_by_as_of:
        return message("timeline.as_of_out", lang, as_of=t.as_of.isoformat(), date=_date(t.release.day) or "")
    return message("timeline.as_of_in", lang, as_of=t.as_of.isoformat())


def _rules_line(t: "Timeline", lang: str) -> str:
    return message("timeline.rules", lang, articles=CONCURRENCE_ARTICLES,
                   base=message(f"timeline.fraction_base.{t.fraction_base}", lang))


def _runs(steps: Sequence["DecreeStep"]) -> list[list["DecreeStep"]]:
    """Steps grouped so that consecutive decrees with nothing to act on, for one reason, share a line."""
    groups: list[list["DecreeStep"]] = []
    for s in steps:
        if s.idle is not None and groups and groups[-1][0].idle == s.idle:
            groups[-1].append(s)
        else:
            groups.append([s])
    return groups


def timeline_text(t: "Timeline", statutes: Optional[Catalogue] = None, lang: str = "en") -> str:
    """The timeline for a person: sentences, each decree's steps (cited), and the result."""
    lines = [message("timeline.title", lang, profile=t.profile.id), _rules_line(t, lang),
             message("timeline.sentences", lang)]
    lines += ["  " + sentence_text(s, lang, statutes) for s in t.initial]
    lines.append("  " + release_text(t.initial_release, lang))
    for group in _runs(t.steps):
        d = group[0].decree
        if group[0].idle is None:
            step = group[0]
            lines.append(message("timeline.decree", lang, issued=d.issued.isoformat(), decree=decree_short(d.id, lang),
                                 title=d.title_ar if lang == "ar" else d.title_en))
            lines += [f"  {step_text(cs, lang, statutes)}  {citation_text(cs.citation, lang)}" for cs in step.charges]
            if any(cs.changed for cs in step.charges):
                lines.append("  " + release_text(step.release, lang))
            continue
        reason = message(f"timeline.idle.{group[0].idle}", lang)
        if len(group) == 1:
            lines.append(message("timeline.decree", lang, issued=d.issued.isoformat(), decree=decree_short(d.id, lang),
                                 title=reason))
        else:
            lines.append(message("timeline.idle_many", lang, first=d.issued.isoformat(),
                                 last=group[-1].decree.issued.isoformat(), reason=reason,
                                 decrees=join((decree_short(s.decree.id, lang) for s in group), lang)))
    lines.append(_result_line(t, lang))
    shown = t.release.charges if t.status != "not_held" else ()
    lines += ["  " + _decided_by(t, c, lang) for c in shown]
    lines += ["  " + message("timeline.other_hold", lang, reason=reason_text(Reason(k), lang)) for k in t.other_holds]
    as_of = _as_of_line(t, lang)
    if as_of:
        lines.append(as_of)
    return bidi_text("\n".join(lines), lang) + "\n"


def sentence_json(s: Sentence, lang: str = "en", statutes: Optional[Catalogue] = None) -> dict[str, Any]:
    return {"charge": s.charge, "kind": s.kind, "penalty": penalty_name(s.kind, lang, statutes),
            "term_years": float(round(s.term, 4)) if s.term is not None else None,
            "term": term_text(s.term, lang) if s.term is not None else None,
            "start": s.start.isoformat(), "end": _date(s.end), "custodial": s.custodial, "cleared": s.cleared}


def release_json(r: Release) -> dict[str, Any]:
    return {"date": _date(r.day), "indefinite": r.indefinite, "charges": list(r.charges)}


def timeline_json(t: "Timeline", statutes: Optional[Catalogue] = None, lang: str = "en") -> dict[str, Any]:
    charges = {c.id: c for c in t.profile.charges}

    def step_json(cs: "ChargeStep", d: Decree) -> dict[str, Any]:
        return {"charge": cs.charge, "ruling": cs.ruling.ruling, "effect": cs.effect, "changed": cs.changed,
                "text": step_text(cs, lang, statutes), "citation": _citation_json(cs.citation, lang),
                "before": sentence_json(cs.before, lang, statutes), "after": sentence_json(cs.after, lang, statutes),
                "explanation": node_json(charge_node(cs.ruling, d, charges.get(cs.charge)), lang, statutes)}

    def decided(charge: str) -> dict[str, Any]:
        changed, last = t.last_change(charge), t.last_step(charge)
        return {"charge": charge,
                "changed_by": [_citation_json(c.citation, lang) for c in t.changes(charge)],
                "last_change": _citation_json(changed.citation, lang) if changed else None,
                "last_ruling": last.ruling.ruling if last else None,
                "last_citation": _citation_json(last.citation, lang) if last else None,
                "text": _decided_by(t, charge, lang)}

    return {
        "profile": t.profile.id,
        "as_of": _date(t.as_of),
        "rules": {"fraction_base": t.fraction_base, "concurrence": "merger",
                  "concurrence_articles": f"penal-code {CONCURRENCE_ARTICLES}", "text": _rules_line(t, lang)},
        "decrees": [s.decree.id for s in t.steps],
        "initial": [sentence_json(s, lang, statutes) for s in t.initial],
        "initial_release": release_json(t.initial_release),
        "steps": [{"decree": s.decree.id, "issued": s.decree.issued.isoformat(), "effective": s.effective.isoformat(),
                   "title": s.decree.title_ar if lang == "ar" else s.decree.title_en,
                   "charges": [step_json(cs, s.decree) for cs in s.charges], "release": release_json(s.release),
                   "idle": s.idle}
                  for s in t.steps],
        "final": [sentence_json(s, lang, statutes) for s in t.final],
        "result": {"status": t.status, "release_date": _date(t.release.day), "indefinite": t.release.indefinite,
                   "charges": list(t.release.charges), "other_holds": list(t.other_holds),
                   "last_decree": t.last_decree.id if t.last_decree else None,
                   "decided_by": [decided(c) for c in (t.release.charges if t.status != "not_held" else ())],
                   "out_by_as_of": t.out_by_as_of, "text": _result_line(t, lang)},
    }
