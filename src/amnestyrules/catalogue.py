"""The statute catalogue: which law an id names, and what class and categories an article has.

Decrees select offences by statute and article, but also by *class* (felony, misdemeanour,
contravention) and by *category* (terrorism, desertion, ...). The catalogue is where a charge
written as (statute, article) gets those properties. Where the catalogue does not know an
article's class ('mixed' or unresearched), the class stays unknown unless the charge states it,
and any decree that depends on the class answers 'undetermined' instead of guessing.
"""

from __future__ import annotations

from typing import Iterable, Optional

import attrs

from .articles import ArticleRef, parse_span
from .errors import InputError, did_you_mean
from .loading import Node
from .model import CONFIDENCE, OFFENCE_CLASSES, ArticleEntry, Category, Statute

ARTICLE_CLASSES = OFFENCE_CLASSES + ("mixed", "unknown", "n/a")


@attrs.frozen
class PenaltyKind:
    id: str
    ar: str
    offence_class: str
    temporary: bool


@attrs.frozen
class ArticleInfo:
    """What the catalogue knows about one charged article."""

    offence_class: Optional[str]          # None when unknown or mixed
    categories: tuple[str, ...]
    entries: tuple[ArticleEntry, ...]     # the catalogue entries that contain the article

    @property
    def known(self) -> bool:
        return bool(self.entries)


@attrs.frozen
class Catalogue:
    statutes: dict[str, Statute]
    categories: dict[str, Category]
    penalties: dict[str, PenaltyKind]
    source_file: Optional[str] = None

    def statute(self, statute_id: str, node: Optional[Node] = None) -> Statute:
        try:
            return self.statutes[statute_id]
        except KeyError:
            hint = did_you_mean(statute_id, self.statutes) or f"known: {', '.join(sorted(self.statutes))}"
            if node is not None:
                raise node.error("a statute id from rules/statutes.yaml", statute_id, hint) from None
            raise InputError(None, "statute", "a statute id from rules/statutes.yaml", statute_id, hint) from None

    def article_info(self, statute_id: str, article: ArticleRef) -> ArticleInfo:
        statute = self.statutes[statute_id]
        entries = tuple(e for e in statute.articles if e.contains(article.number))
        categories: list[str] = []
        for e in entries:
            for c in e.categories:
                if c not in categories and c not in ("procedure", "court"):
                    categories.append(c)
        if not entries:
            categories = [c for c in statute.categories if c not in ("procedure", "court")]
        klass: Optional[str] = None
        # The narrowest entry with a definite class decides (a single article beats its chapter).
        for e in sorted(entries, key=lambda e: (e.last or 0) - (e.first or 0)):
            if e.offence_class in OFFENCE_CLASSES:
                klass = e.offence_class
                break
            if e.offence_class == "mixed":
                break
        return ArticleInfo(klass, tuple(categories), entries)

    def penalty_fits(self, kind: str, offence_class: Optional[str]) -> bool:
        """Can an offence of this class carry this penalty? A felony can be mitigated down to any
        penalty; a misdemeanour never carries a felony penalty; a contravention carries only a
        contravention penalty or a fine (Penal Code Art. 178-179: the class follows the statutory
        penalty, so a sentence cannot rise above it)."""
        penalty = self.penalties.get(kind)
        if penalty is None or offence_class not in ("misdemeanour", "contravention"):
            return True
        if offence_class == "misdemeanour":
            return penalty.offence_class in ("misdemeanour", "contravention")
        return penalty.offence_class == "contravention" or kind == "fine"

    def temporary_penalties(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.penalties.values() if p.temporary)


def load_catalogue(node: Node) -> Catalogue:
    node.mapping(allowed=("schema_version", "categories", "penalties", "statutes"),
                 required=("categories", "penalties", "statutes"))
    categories: dict[str, Category] = {}
    for c in node.get("categories").list():
        c.mapping(allowed=("id", "en", "ar"), required=("id", "en", "ar"))
        cid = c.get("id").str() or ""
        categories[cid] = Category(cid, c.get("en").str() or "", c.get("ar").str() or "")
    penalties: dict[str, PenaltyKind] = {}
    for p in node.get("penalties").list():
        p.mapping(allowed=("id", "ar", "class", "temporary"), required=("id", "class"))
        pid = p.get("id").str() or ""
        penalties[pid] = PenaltyKind(pid, p.get("ar").str(required=False) or "",
                                     p.get("class").enum(OFFENCE_CLASSES) or "",
                                     p.get("temporary").bool(default=False))
    statutes: dict[str, Statute] = {}
    for s in node.get("statutes").list():
        s.mapping(allowed=("id", "name_en", "name_ar", "instrument", "categories", "articles", "notes"),
                  required=("id", "name_en", "name_ar"))
        sid = s.get("id").str() or ""
        if sid in statutes:
            raise s.get("id").error("a statute id used once", sid)
        cats = tuple(_categories(s.get("categories"), categories))
        entries = []
        for a in s.get("articles").list():
            a.mapping(allowed=("articles", "class", "categories", "topic_en", "confidence", "note"),
                      required=("articles", "class"))
            span = parse_span(a.get("articles").str() or "")
            if span is None:
                raise a.get("articles").error("an article number or range such as 304-306",
                                              a.get("articles").value)
            entries.append(ArticleEntry(
                label=span.text, first=span.first, last=span.last,
                offence_class=a.get("class").enum(ARTICLE_CLASSES) or "unknown",
                categories=tuple(_categories(a.get("categories"), categories)),
                topic_en=a.get("topic_en").str(required=False) or "",
                confidence=a.get("confidence").enum(CONFIDENCE, required=False, default="low") or "low"))
        statutes[sid] = Statute(sid, s.get("name_en").str() or "", s.get("name_ar").str() or "",
                                s.get("instrument").str(required=False) or "", cats, tuple(entries))
    return Catalogue(statutes, categories, penalties, node.file)


def _categories(node: Node, known: dict[str, Category]) -> Iterable[str]:
    for c in node.list():
        value = c.str() or ""
        if value not in known:
            raise c.error("a category id from the catalogue", value, did_you_mean(value, known))
        yield value
