"""The choices the page's fields offer, from the catalogue and the model's own vocabularies, in
the reader's language (the statute picker, article suggestions, stages, penalty kinds, facts)."""

from __future__ import annotations

from typing import Any

from amnestyrules.facts import CHARGE_FACTS
from amnestyrules.law.articles import parse_article
from amnestyrules.law.catalogue import Catalogue
from amnestyrules.law.model import NATIONALITIES, OFFENCE_CLASSES, STAGES, WHEREABOUTS
from amnestyrules.present.i18n import message, penalty_name
from amnestyrules.present.vocabulary import chargeable, fact_meaning

#: A catalogue range up to this many articles is offered article by article; a longer one by its first article.
ARTICLE_BY_ARTICLE = 12


def _articles(statute: Any, lang: str) -> list[tuple[str, str]]:
    """(value, label) suggestions for the article field of a charge under this statute."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for e in statute.articles:
        if not chargeable(e) or e.first is None or e.last is None:
            continue
        klass = message(f"vocabulary.classes.{e.offence_class}", lang)
        topic = e.topic_en[:90]
        numbers = range(e.first, e.last + 1) if e.last - e.first < ARTICLE_BY_ARTICLE else [e.first]
        for n in numbers:
            value = str(n)
            span = e.label if e.first != e.last else value
            if value not in seen:
                seen.add(value)
                out.append((value, f"{span} · {klass} · {topic}"))
    return out


def page_options(catalogue: Catalogue, lang: str) -> dict[str, Any]:
    def m(path: str) -> str:
        return message(path, lang)

    statutes = [(s.id, s.name_ar if lang == "ar" else s.short_name) for s in catalogue.statutes.values()]
    return {
        "statutes": statutes,
        "articles": {s.id: _articles(s, lang) for s in catalogue.statutes.values()},
        "stages": [(s, m(f"page.stage_options.{s}")) for s in STAGES],
        "nationalities": [(n, m(f"page.nationality_options.{n}")) for n in NATIONALITIES],
        "whereabouts": [(w, m(f"page.whereabouts_options.{w}")) for w in WHEREABOUTS],
        "classes": [(c, m(f"vocabulary.classes.{c}")) for c in OFFENCE_CLASSES],
        "penalties": [(p.id, penalty_name(p.id, lang, catalogue)) for p in catalogue.penalties.values()],
        "facts": [(f, fact_meaning(f, lang)) for f in CHARGE_FACTS],
    }


def cannot_involve(catalogue: Catalogue, statute: str, article: str) -> frozenset[str]:
    """Facts the catalogue says an offence under this article cannot involve (never asked, taken as
    false unless stated): the page marks them, so nobody spends time on them."""
    ref = parse_article(article) if article else None
    if statute not in catalogue.statutes or ref is None:
        return frozenset()
    return frozenset(catalogue.article_info(statute, ref).cannot_involve)
