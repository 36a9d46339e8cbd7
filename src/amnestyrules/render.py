"""Outcomes rendered for people (text) and for programs (JSON).

The explanation is a tree (outcome -> charge -> provision -> condition/exclusion), built once
by :mod:`amnestyrules.rulings`; this module only walks it.
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Optional, Sequence

from .corpus import Corpus
from .i18n import outcome_label, reason_text, ruling_label
from .model import Decree, Outcome, Reason, Ruling


def reason_json(reason: Reason) -> dict[str, Any]:
    node: dict[str, Any] = {"text": reason_text(reason, "en"), "key": reason.key}
    if reason.citation is not None:
        node["citation"] = reason.citation.to_json()
    if reason.children:
        node["children"] = [reason_json(c) for c in reason.children]
    return node


def _flat(reasons: Iterable[Reason], lang: str = "en") -> list[str]:
    out: list[str] = []
    for r in reasons:
        text = reason_text(r, lang)
        if r.citation is not None and r.key not in ("selected",):
            text += f" [{r.citation.decree} {r.citation.label}]"
        out.append(text)
    return out


def ruling_json(r: Ruling, decree: Decree) -> dict[str, Any]:
    provision = decree.provision(r.provision) if r.provision else None
    node: dict[str, Any] = {
        "charge": r.charge, "ruling": r.ruling,
        "provision": provision.ref if provision else (r.citation.label if r.citation else None),
        "provision_id": r.provision,
        "citation": r.citation.to_json() if r.citation else None,
        "reasons": _flat(r.reasons),
        "confidence": r.confidence,
    }
    if r.benefit is not None:
        node["benefit"] = {"kind": r.benefit.kind,
                           "fraction": str(r.benefit.fraction) if r.benefit.fraction else None,
                           "describe": r.benefit.describe}
    if r.conditions:
        node["conditions"] = [c.to_json() for c in r.conditions]
    if r.deciding_facts:
        node["deciding_facts"] = [f.to_json() for f in r.deciding_facts]
        node["possible"] = list(r.possible)
    node["explanation"] = [reason_json(x) for x in r.reasons]
    return node


def outcome_json(o: Outcome, decree: Decree) -> dict[str, Any]:
    return {
        "decree": o.decree, "outcome": o.outcome, "blocking": list(o.blocking),
        "deciding_facts": [f.to_json() for f in o.deciding_facts],
        "conditions": [c.to_json() for c in o.conditions],
        "confidence": o.confidence,
        "reasons": _flat(o.reasons),
        "warnings": _flat(o.warnings),
        "charges": [ruling_json(r, decree) for r in o.rulings],
    }


def envelope(profile_id: str, outcomes: Sequence[Outcome], corpus: Corpus) -> dict[str, Any]:
    return {"profile": profile_id, "results": [outcome_json(o, corpus.decree(o.decree)) for o in outcomes]}


def to_json(profile_id: str, outcomes: Sequence[Outcome], corpus: Corpus) -> str:
    return json.dumps(envelope(profile_id, outcomes, corpus), ensure_ascii=False, indent=2)


# ------------------------------------------------------------------------- text

def _tree(reasons: Iterable[Reason], lang: str, indent: str) -> list[str]:
    lines: list[str] = []
    for r in reasons:
        text = reason_text(r, lang)
        if r.citation is not None:
            text += f"  [{r.citation.decree} {r.citation.label}]"
        lines.append(f"{indent}- {text}")
        lines += _tree(r.children, lang, indent + "    ")
    return lines


def outcome_text(o: Outcome, decree: Decree, lang: str = "en") -> str:
    title = decree.title_ar if lang == "ar" else decree.title_en
    lines = [f"{decree.id} ({decree.issued.isoformat()}) {title}",
             f"  VERDICT: {outcome_label(o.outcome, lang)}   (confidence: {o.confidence})"]
    if o.blocking:
        lines.append(f"  blocking charges: {', '.join(o.blocking)}")
    for c in o.conditions:
        by = f" by {c.by.isoformat()}" if c.by else ""
        lines.append(f"  condition for {c.charge}: {c.text_ar if lang == 'ar' else c.text_en}{by}"
                     f"  [{c.citation.decree} {c.citation.label}]")
    if o.deciding_facts:
        facts = ", ".join(f"{f.charge + '.' if f.charge else ''}{f.fact}" for f in o.deciding_facts)
        lines.append(f"  deciding facts to establish: {facts}")
    for r in o.reasons:
        lines.append(f"  {reason_text(r, lang)}")
    for r in o.rulings:
        provision = decree.provision(r.provision).ref if r.provision else (r.citation.label if r.citation else "-")
        lines.append(f"  charge {r.charge}: {ruling_label(r.ruling, lang)}  ({decree.id} {provision})")
        lines += _tree(r.reasons, lang, "      ")
    for w in o.warnings:
        lines.append(f"  WARNING: {reason_text(w, lang)}")
    return "\n".join(lines)


def outcomes_text(profile_id: str, outcomes: Sequence[Outcome], corpus: Corpus, lang: str = "en") -> str:
    parts = [f"Profile {profile_id}"]
    for o in outcomes:
        parts.append(outcome_text(o, corpus.decree(o.decree), lang))
    return "\n\n".join(parts) + "\n"
