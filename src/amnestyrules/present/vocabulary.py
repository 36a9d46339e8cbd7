"""The words a profile is written in: statutes with their articles, and the facts a charge or a
person can carry, each with its meaning.

A lawyer writing a profile by hand used to keep rules/statutes.yaml open beside it. One home
answers "which statute ids, which articles, which facts?" for every reader: the
``amnestyrules statutes`` and ``amnestyrules facts`` commands print it, the web API serves the
same JSON at /api/statutes and /api/facts, and the page builds its pickers from it. The JSON
carries both languages (a program or the page picks one); ``lang`` chooses the language of the
text listing.
"""

from __future__ import annotations

from typing import Any, Optional

from amnestyrules.errors import InputError, did_you_mean
from amnestyrules.facts import CHARGE_FACTS, PERSON_FACTS
from amnestyrules.law.catalogue import Catalogue
from amnestyrules.law.model import OFFENCE_CLASSES, ArticleEntry, Statute
from amnestyrules.present.i18n import bidi_text, confidence_label, join, message, penalty_name
from amnestyrules.present.table import table

#: Article entries that describe procedure, not an offence anyone is charged with (the penalty
#: scale, the amnesty article itself): listed, but never offered as a charge.
NOT_CHARGEABLE = ("procedure", "court")


def _m(key: str, lang: str, **params: object) -> str:
    return message(f"vocabulary.{key}", lang, **params)


# ------------------------------------------------------------------------- statutes: JSON

def chargeable(entry: ArticleEntry) -> bool:
    """Can a person be charged under this entry (an offence, not a procedural article)?"""
    return entry.offence_class != "n/a" and not set(entry.categories) <= set(NOT_CHARGEABLE)


def article_json(entry: ArticleEntry) -> dict[str, Any]:
    return {"articles": entry.label, "first": entry.first, "last": entry.last, "class": entry.offence_class,
            "categories": list(entry.categories), "topic_en": entry.topic_en, "confidence": entry.confidence,
            "chargeable": chargeable(entry), "cannot_involve": list(entry.cannot_involve),
            "penalties": list(entry.penalties) if entry.penalties is not None else None}


def statute_json(statute: Statute) -> dict[str, Any]:
    return {"id": statute.id, "name_en": statute.name_en, "name_ar": statute.name_ar,
            "instrument": statute.instrument, "categories": list(statute.categories),
            "enacted": statute.enacted.isoformat() if statute.enacted else None,
            "articles": [article_json(e) for e in statute.articles]}


def statutes_json(catalogue: Catalogue, statute_id: Optional[str] = None) -> dict[str, Any]:
    """The catalogue for programs: every statute (or the one asked for), the categories and the
    penalty kinds they refer to, with English and Arabic names."""
    if statute_id is not None:
        return statute_json(find_statute(catalogue, statute_id))
    return {"statutes": [statute_json(s) for s in catalogue.statutes.values()],
            "categories": [{"id": c.id, "en": c.en, "ar": c.ar} for c in catalogue.categories.values()],
            "penalties": [{"id": p.id, "en": penalty_name(p.id, "en", catalogue), "ar": p.ar,
                           "class": p.offence_class, "temporary": p.temporary}
                          for p in catalogue.penalties.values()],
            "classes": list(OFFENCE_CLASSES)}


def find_statute(catalogue: Catalogue, statute_id: str) -> Statute:
    """The statute of that id; an unknown id is refused with the closest spelling."""
    if statute_id not in catalogue.statutes:
        raise InputError(None, "statute", "a statute id from rules/statutes.yaml", statute_id,
                         did_you_mean(statute_id, catalogue.statutes)
                         or f"known: {', '.join(catalogue.statutes)}")
    return catalogue.statutes[statute_id]


# ------------------------------------------------------------------------- statutes: text

def _name(statute: Statute, lang: str) -> str:
    return (statute.name_ar if lang == "ar" else statute.name_en) or statute.id


def _category(catalogue: Catalogue, cid: str, lang: str) -> str:
    c = catalogue.categories.get(cid)
    if c is None:
        return cid
    return c.ar if lang == "ar" else c.en


def statutes_text(catalogue: Catalogue, lang: str = "en") -> str:
    """One statute per line: id, short name, how many offence articles are catalogued, the
    categories (their ids in English, which is what a rule file writes; their names in Arabic)."""
    header = [_m(c, lang) for c in ("col_id", "col_name", "col_articles", "col_categories")]
    rows = [[s.id, s.name_ar if lang == "ar" else s.short_name, str(sum(chargeable(e) for e in s.articles)),
             join(((_category(catalogue, c, lang) if lang == "ar" else c) for c in s.categories), lang)]
            for s in catalogue.statutes.values()]
    lines = table(rows, lang, header)
    lines.append(bidi_text(_m("statutes_footer", lang), lang))
    return "\n".join(lines) + "\n"


def statute_text(catalogue: Catalogue, statute_id: str, lang: str = "en") -> str:
    """One statute in full: every catalogued article with its class, categories, what the offence
    cannot involve and the penalties it can carry."""
    s = find_statute(catalogue, statute_id)
    lines = [f"{s.id}: {_name(s, lang)}"]
    if s.instrument:
        lines.append("  " + _m("instrument", lang, text=s.instrument))
    if s.enacted:
        lines.append("  " + _m("enacted", lang, date=s.enacted.isoformat()))
    lines.append("")
    for e in s.articles:
        klass = message(f"vocabulary.classes.{e.offence_class}", lang)
        cats = join((_category(catalogue, c, lang) for c in e.categories), lang)
        lines.append("  " + _m("article_line", lang, articles=e.label, klass=klass, categories=cats or "-",
                               confidence=confidence_label(e.confidence, lang)))
        if e.topic_en:
            topic = (message("labels.in_english", lang) if lang == "ar" else "") + e.topic_en
            lines.append("      " + topic)
        if e.cannot_involve:
            lines.append("      " + _m("cannot_involve", lang, facts=join(e.cannot_involve, lang)))
        if e.penalties is not None:
            lines.append("      " + _m("penalties", lang, kinds=join(
                (penalty_name(k, lang, catalogue) for k in e.penalties), lang)))
    return bidi_text("\n".join(lines), lang) + "\n"


# ------------------------------------------------------------------------- facts

def facts_json() -> dict[str, Any]:
    """The facts a profile can state: charge facts under ``charges[].facts``, person facts under
    ``person``; each true / false / unknown, absent meaning unknown."""
    return {"charge": [{"name": n, "en": en, "ar": ar} for n, (en, ar) in CHARGE_FACTS.items()],
            "person": [{"name": n, "en": en, "ar": ar} for n, (en, ar) in PERSON_FACTS.items()],
            "values": ["true", "false", "unknown"]}


def fact_meaning(name: str, lang: str = "en") -> str:
    """What a charge or person fact means, in the reader's language (the name itself if unknown)."""
    pair = CHARGE_FACTS.get(name) or PERSON_FACTS.get(name)
    return (pair[1] if lang == "ar" else pair[0]) if pair else name


def facts_text(lang: str = "en") -> str:
    lines = [bidi_text(_m("charge_facts", lang), lang)]
    lines += table([[n, ar if lang == "ar" else en] for n, (en, ar) in CHARGE_FACTS.items()], lang)
    lines += ["", bidi_text(_m("person_facts", lang), lang)]
    lines += table([[n, ar if lang == "ar" else en] for n, (en, ar) in PERSON_FACTS.items()], lang)
    lines += ["", bidi_text(_m("facts_footer", lang), lang)]
    return "\n".join(lines) + "\n"
