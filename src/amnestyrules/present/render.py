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

import datetime as dt
import json
from typing import TYPE_CHECKING, Any, Iterable, Optional, Sequence, Union

import attrs

from amnestyrules.case.model import Charge, Profile
from amnestyrules.engine.answers import Outcome, Reason, Ruling
from amnestyrules.law.catalogue import Catalogue
from amnestyrules.law.corpus import Corpus
from amnestyrules.law.model import Citation, Decree, Provision
from amnestyrules.present.i18n import (
    benefit_text,
    bidi_text,
    citation_label,
    citation_text,
    confidence_label,
    decree_name,
    join,
    join_ids,
    later_note,
    message,
    outcome_label,
    reason_text,
)

if TYPE_CHECKING:
    pass

#: Reasons that name a provision: the provision nodes of the tree.
PROVISION_KEYS = ("selected", "also_selected")
#: The charge nodes of the tree (with and without the charged article, which only the profile knows).
CHARGE_KEYS = ("charge", "charge_bare")
#: Reasons that say why a ruling freed nobody (the timeline's 'left as it is' steps quote the last one).
WHY_UNCHANGED = ("excluded_by", "condition_failed", "deadline_passed", "surrendered_late", "no_provision",
                 "before_window")
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
    seen: set[tuple[str, ...]] = set()
    for n in nodes:
        cite = f"  {citation_text(n.citation, lang)}" if n.citation is not None else ""
        head = f"{indent}- {reason_text(n, lang, statutes)}{cite}"
        sub = _tree_lines(n.children, lang, statutes, indent + "    ")
        if (head, *sub) in seen:      # two provisions with the same label and the same result: said once
            continue
        seen.add((head, *sub))
        lines.append(head)
        lines += sub
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
    out["possible_rulings"] = list(r.possible or (r.ruling,))
    if provision is not None and r.ruling in ("pardoned", "conditional"):
        out["effects"] = [e.to_json() for e in decree.effects_for(provision)]
    if r.deciding_facts:
        out["deciding_facts"] = [f.to_json() for f in r.deciding_facts]
    out["explanation"] = [node_json(x, lang, statutes) for x in node.children]
    return out


def outcome_json(o: Outcome, decree: Decree, lang: str = "en", statutes: Optional[Catalogue] = None,
                 profile: Optional[Profile] = None) -> dict[str, Any]:
    tree = explanation_tree(o, decree, profile)
    nodes = {n.params.get("charge"): n for n in tree.children if n.key in CHARGE_KEYS}
    return {
        "decree": o.decree, "issued": decree.issued.isoformat(), "as_of": o.as_of.isoformat() if o.as_of else None,
        # A decree asked about by name on a day before it existed: the answer is a hypothetical.
        "issued_after_as_of": o.as_of is not None and o.as_of < decree.issued, "outcome": o.outcome,
        "possible_outcomes": list(o.possible or (o.outcome,)), "blocking": list(o.blocking),
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
             lang: str = "en", left_out: Sequence[Decree] = (), as_of: Optional[dt.date] = None) -> dict[str, Any]:
    """``left_out``: the decrees issued after the day of the question that were not asked about;
    ``as_of``: the day of the question (by default the outcomes' day; give it when there may be none)."""
    pid, p = _profile_parts(profile)
    as_of = as_of or next((o.as_of for o in outcomes if o.as_of is not None), None)
    return {"profile": pid, "as_of": as_of.isoformat() if as_of else None,
            "warnings": [n.message for n in getattr(p, "warnings", ())],
            "left_out": [{"decree": d.id, "issued": d.issued.isoformat(), "why": "issued after as_of"} for d in left_out],
            "results": [outcome_json(o, corpus.decree(o.decree), lang, corpus.catalogue, p) for o in outcomes]}


def to_json(profile: Union[str, Profile], outcomes: Sequence[Outcome], corpus: Corpus, lang: str = "en",
            left_out: Sequence[Decree] = (), as_of: Optional[dt.date] = None) -> str:
    return json.dumps(envelope(profile, outcomes, corpus, lang, left_out, as_of), ensure_ascii=False, indent=2)


# ------------------------------------------------------------------------- outcomes: text

def _outcome_lines(o: Outcome, decree: Decree, lang: str, statutes: Optional[Catalogue],
                   profile: Optional[Profile]) -> list[str]:
    title = decree.title_ar if lang == "ar" else decree.title_en
    lines = [message("labels.decree_header", lang, id=decree.id, issued=decree.issued.isoformat(), title=title,
                     name=decree_name(decree.id, lang)),
             "  " + message("labels.verdict", lang, outcome=outcome_label(o.outcome, lang),
                            confidence=confidence_label(o.confidence, lang))]
    later = later_note(decree.id, decree.issued, o.as_of, lang)
    if later:
        lines.append("  " + later)
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


def _wrapped(lines: Iterable[str]) -> list[str]:
    """Every line at most 100 columns, continuation lines indented under their text."""
    from amnestyrules.present.summary import _wrap
    return [part for line in lines for part in _wrap(line, "    ")]


def outcome_text(o: Outcome, decree: Decree, lang: str = "en", statutes: Optional[Catalogue] = None,
                 profile: Optional[Profile] = None) -> str:
    """One decree's verdict and the explanation tree, in English or Arabic."""
    return bidi_text("\n".join(_wrapped(_outcome_lines(o, decree, lang, statutes, profile))), lang)


def outcomes_text(profile: Union[str, Profile], outcomes: Sequence[Outcome], corpus: Corpus, lang: str = "en") -> str:
    pid, p = _profile_parts(profile)
    as_of = next((o.as_of for o in outcomes if o.as_of is not None), None)
    parts = [message("labels.profile", lang, profile=pid) + (f" ({message('labels.as_of', lang, date=as_of.isoformat())})"
                                                             if as_of else "")]
    for o in outcomes:
        parts.append("\n".join(_wrapped(_outcome_lines(o, corpus.decree(o.decree), lang, corpus.catalogue, p))))
    return bidi_text("\n\n".join(parts), lang) + "\n"
