"""Outcomes and timelines rendered for people (text, English or Arabic) and programs (JSON).

The explanation is a tree: verdict -> charge -> provision -> condition / exclusion / benefit.
:mod:`amnestyrules.rulings` records a charge's reasons in the order it established them;
:func:`explanation_tree` gives them that shape once and puts a citation on every node (a node
the engine left uncited takes the citation of the clause or decree it belongs to). Every
renderer below walks that one tree. Strings come from the message catalogue (:mod:`.i18n`);
Arabic text lines go through :func:`amnestyrules.i18n.bidi_text` exactly once, in the public
text functions.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Iterable, Optional, Sequence, Union

import attrs

from .catalogue import Catalogue
from .corpus import Corpus
from .i18n import (benefit_text, bidi_text, citation_label, citation_text, confidence_label, decree_name,
                   decree_short, isolate_id, join, join_ids, message, outcome_label, penalty_name, reason_text,
                   ruling_label, term_text)
from .model import Charge, Citation, Decree, Outcome, Profile, Provision, Reason, Ruling

from .sentencing import CONCURRENCE_ARTICLES, Release, Sentence

if TYPE_CHECKING:
    from .timeline import ChargeStep, DecreeStep, Timeline

#: Reasons that name a provision: the provision nodes of the tree.
PROVISION_KEYS = ("selected", "also_selected")
#: The charge nodes of the tree (with and without the charged article, which only the profile knows).
CHARGE_KEYS = ("charge", "charge_bare")
#: Reasons that say why a ruling freed nobody (the timeline's 'left as it is' steps quote the last one).
WHY_UNCHANGED = ("excluded_by", "condition_failed", "no_provision", "before_window")
#: Reasons that belong under the provision named just before them.
UNDER_PROVISION = ("excluded_by", "possibly_excluded", "condition_met", "condition_pending", "condition_failed",
                   "benefit")


# ------------------------------------------------------------------------- the tree

def decree_citation(decree: Decree) -> Citation:
    """The decree as a whole, for nodes no single article decides (the verdict, a missing provision)."""
    return Citation(decree.id, None, sources=decree.sources)


def explanation_tree(o: Outcome, decree: Decree, profile: Optional[Profile] = None) -> Reason:
    """verdict -> charge -> provision -> condition/exclusion/benefit, every node cited."""
    whole = decree_citation(decree)
    charges = {c.id: c for c in profile.charges} if profile else {}
    children = [_cited(r, whole) for r in o.reasons]
    children += [charge_node(r, decree, charges.get(r.charge)) for r in o.rulings]
    children += [_cited(w, whole) for w in o.warnings]
    return Reason("verdict", {"decree": decree.id, "outcome": o.outcome, "confidence": o.confidence}, whole,
                  tuple(children))


def charge_node(r: Ruling, decree: Decree, charge: Optional[Charge] = None) -> Reason:
    """One charge's ruling with its reasons shaped under the provisions they belong to."""
    whole = decree_citation(decree)
    params: dict[str, object] = {"charge": r.charge, "ruling": r.ruling}
    if charge is not None:
        params.update(statute=charge.statute, article=charge.article)
    return Reason("charge" if charge is not None else "charge_bare", params, r.citation or whole,
                  _shape(r.reasons, decree, r.citation or whole))


def _cited(r: Reason, default: Citation) -> Reason:
    return r if r.citation is not None else attrs.evolve(r, citation=default)


def _shape(reasons: Iterable[Reason], decree: Decree, default: Citation) -> tuple[Reason, ...]:
    out: list[Reason] = []
    provision: Optional[Reason] = None
    under: list[Reason] = []

    def close() -> None:
        nonlocal provision, under
        if provision is not None:
            out.append(attrs.evolve(provision, children=provision.children + tuple(under)))
        provision, under = None, []

    for x in reasons:
        if x.key == "selected":
            close()
            provision = _cited(x, default)
        elif x.key in UNDER_PROVISION and provision is not None:
            under.append(_under(x, provision, decree))
        else:
            close()
            node = _cited(x, default)
            out.append(attrs.evolve(node, children=_shape(x.children, decree, node.citation or default)))
    close()
    return tuple(out)


def _under(x: Reason, provision: Reason, decree: Decree) -> Reason:
    """A reason under a provision; the benefit node takes the provision's citation and its Benefit."""
    node = _cited(x, provision.citation or decree_citation(decree))
    if x.key == "benefit":
        p = _provision_of(provision, decree)
        if p is not None:
            node = attrs.evolve(node, params={**node.params, "benefit": p.benefit})
    return node


def _provision_of(selected: Reason, decree: Decree) -> Optional[Provision]:
    for p in decree.provisions:
        if p.citation == selected.citation and p.summary_en == selected.params.get("summary_en"):
            return p
    return None


def _citation_json(c: Citation, lang: str) -> dict[str, Any]:
    """A citation as the tree shows it: decree, article, paragraph and the label in the reader's language.

    The sources stay on the ruling's own citation; repeating them on every node would bury the tree.
    """
    return {"decree": c.decree, "article": c.article, "paragraph": c.paragraph, "label": citation_label(c, lang)}


def node_json(node: Reason, lang: str = "en", statutes: Optional[Catalogue] = None) -> dict[str, Any]:
    out: dict[str, Any] = {"key": node.key, "text": reason_text(node, lang, statutes)}
    if node.citation is not None:
        out["citation"] = _citation_json(node.citation, lang)
    if node.children:
        out["children"] = [node_json(c, lang, statutes) for c in node.children]
    return out


def _tree_lines(nodes: Iterable[Reason], lang: str, statutes: Optional[Catalogue], indent: str) -> list[str]:
    lines: list[str] = []
    for n in nodes:
        cite = f"  {citation_text(n.citation, lang)}" if n.citation is not None else ""
        lines.append(f"{indent}- {reason_text(n, lang, statutes)}{cite}")
        lines += _tree_lines(n.children, lang, statutes, indent + "    ")
    return lines


# ------------------------------------------------------------------------- outcomes: JSON

def _flat(reasons: Iterable[Reason], lang: str = "en", statutes: Optional[Catalogue] = None) -> list[str]:
    out: list[str] = []
    for r in reasons:
        text = reason_text(r, lang, statutes)
        if r.citation is not None and r.key not in ("selected",):
            text += f" {citation_text(r.citation, lang)}"
        out.append(text)
    return out


def ruling_json(r: Ruling, decree: Decree, lang: str = "en", statutes: Optional[Catalogue] = None,
                node: Optional[Reason] = None) -> dict[str, Any]:
    provision = decree.provision(r.provision) if r.provision else None
    node = node or charge_node(r, decree)
    out: dict[str, Any] = {
        "charge": r.charge, "ruling": r.ruling,
        "provision": provision.ref if provision else (r.citation.label if r.citation else None),
        "provision_id": r.provision,
        "citation": r.citation.to_json() if r.citation else None,
        "reasons": _flat(r.reasons, lang, statutes),
        "confidence": r.confidence,
    }
    if r.benefit is not None:
        out["benefit"] = {"kind": r.benefit.kind,
                          "fraction": str(r.benefit.fraction) if r.benefit.fraction else None,
                          "describe": benefit_text(r.benefit, lang, statutes)}
    if r.conditions:
        out["conditions"] = [c.to_json() for c in r.conditions]
    if r.deciding_facts:
        out["deciding_facts"] = [f.to_json() for f in r.deciding_facts]
        out["possible"] = list(r.possible)
    out["explanation"] = [node_json(x, lang, statutes) for x in node.children]
    return out


def outcome_json(o: Outcome, decree: Decree, lang: str = "en", statutes: Optional[Catalogue] = None,
                 profile: Optional[Profile] = None) -> dict[str, Any]:
    tree = explanation_tree(o, decree, profile)
    nodes = {n.params.get("charge"): n for n in tree.children if n.key in CHARGE_KEYS}
    return {
        "decree": o.decree, "outcome": o.outcome, "blocking": list(o.blocking),
        "deciding_facts": [f.to_json() for f in o.deciding_facts],
        "conditions": [c.to_json() for c in o.conditions],
        "confidence": o.confidence,
        "reasons": _flat(o.reasons, lang, statutes),
        "warnings": _flat(o.warnings, lang, statutes),
        "charges": [ruling_json(r, decree, lang, statutes, nodes.get(r.charge)) for r in o.rulings],
        "tree": node_json(tree, lang, statutes),
    }


def _profile_parts(profile: Union[str, Profile]) -> tuple[str, Optional[Profile]]:
    return (profile, None) if isinstance(profile, str) else (profile.id, profile)


def envelope(profile: Union[str, Profile], outcomes: Sequence[Outcome], corpus: Corpus,
             lang: str = "en") -> dict[str, Any]:
    pid, p = _profile_parts(profile)
    return {"profile": pid, "results": [outcome_json(o, corpus.decree(o.decree), lang, corpus.catalogue, p)
                                        for o in outcomes]}


def to_json(profile: Union[str, Profile], outcomes: Sequence[Outcome], corpus: Corpus, lang: str = "en") -> str:
    return json.dumps(envelope(profile, outcomes, corpus, lang), ensure_ascii=False, indent=2)


# ------------------------------------------------------------------------- outcomes: text

def _outcome_lines(o: Outcome, decree: Decree, lang: str, statutes: Optional[Catalogue],
                   profile: Optional[Profile]) -> list[str]:
    title = decree.title_ar if lang == "ar" else decree.title_en
    lines = [message("labels.decree_header", lang, id=decree.id, issued=decree.issued.isoformat(), title=title,
                     name=decree_name(decree.id, lang)),
             "  " + message("labels.verdict", lang, outcome=outcome_label(o.outcome, lang),
                            confidence=confidence_label(o.confidence, lang))]
    if o.blocking:
        lines.append("  " + message("labels.blocking", lang, charges=join_ids(o.blocking, lang)))
    for c in o.conditions:
        by = message("labels.condition_by", lang, date=c.by.isoformat()) if c.by else ""
        lines.append("  " + message("labels.condition", lang, charge=c.charge, by=by,
                                    text=c.text_ar if lang == "ar" else c.text_en)
                     + f"  {citation_text(c.citation, lang)}")
    if o.deciding_facts:
        facts = join((f"{f.charge}.{f.fact}" if f.charge else f.fact for f in o.deciding_facts), lang)
        lines.append("  " + message("labels.deciding_facts", lang, facts=facts))
    for node in explanation_tree(o, decree, profile).children:
        if node.key in CHARGE_KEYS:
            lines.append(f"  {reason_text(node, lang, statutes)}  {citation_text(node.citation, lang)}")  # type: ignore[arg-type]
            lines += _tree_lines(node.children, lang, statutes, "      ")
        elif node.key == "low_confidence":
            lines.append("  " + message("labels.warning", lang, text=reason_text(node, lang, statutes)))
        else:
            lines.append(f"  {reason_text(node, lang, statutes)}")
    return lines


def outcome_text(o: Outcome, decree: Decree, lang: str = "en", statutes: Optional[Catalogue] = None,
                 profile: Optional[Profile] = None) -> str:
    """One decree's verdict and the explanation tree, in English or Arabic."""
    return bidi_text("\n".join(_outcome_lines(o, decree, lang, statutes, profile)), lang)


def outcomes_text(profile: Union[str, Profile], outcomes: Sequence[Outcome], corpus: Corpus, lang: str = "en") -> str:
    pid, p = _profile_parts(profile)
    parts = [message("labels.profile", lang, profile=pid)]
    for o in outcomes:
        parts.append("\n".join(_outcome_lines(o, corpus.decree(o.decree), lang, corpus.catalogue, p)))
    return bidi_text("\n\n".join(parts), lang) + "\n"


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
