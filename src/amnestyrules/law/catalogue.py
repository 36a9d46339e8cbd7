"""The statute catalogue: which law an id names, and what class and categories an article has.

Decrees select offences by statute and article, but also by *class* (felony, misdemeanour,
contravention) and by *category* (terrorism, desertion, ...). The catalogue is where a charge
written as (statute, article) gets those properties. Where the catalogue does not know an
article's class ('mixed' or unresearched), the class stays unknown unless the charge states it,
and any decree that depends on the class answers 'undetermined' instead of guessing.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable, Optional

import attrs
from dateutil.relativedelta import relativedelta

from amnestyrules.errors import InputError, did_you_mean
from amnestyrules.facts import CHARGE_FACTS
from amnestyrules.law.articles import ArticleRef, parse_span
from amnestyrules.law.model import CONFIDENCE, OFFENCE_CLASSES, ArticleEntry, Category, Statute
from amnestyrules.loading import Node

ARTICLE_CLASSES = OFFENCE_CLASSES + ("mixed", "unknown", "n/a")


@attrs.frozen
class PenaltyKind:
    id: str
    ar: str
    offence_class: str
    temporary: bool


@attrs.frozen
class AgeOfResponsibility:
    """The youngest age at which a person can be prosecuted, for offences committed from ``since``
    (None: from the start). A profile whose offence precedes it is a typo, not a case."""

    min_age: int
    since: Optional[dt.date]
    source: str
    confidence: str = "low"


def age_reached(born: dt.date, years: int) -> dt.date:
    """The day a person born on ``born`` completes ``years`` (29 February: 28 February, the
    earlier day, so that a plausibility check never refuses a real case)."""
    return born + relativedelta(years=years)


@attrs.frozen
class ArticleInfo:
    """What the catalogue knows about one charged article."""

    offence_class: Optional[str]          # None when unknown or mixed
    categories: tuple[str, ...]
    entries: tuple[ArticleEntry, ...]     # the catalogue entries that contain the article

    @property
    def known(self) -> bool:
        return bool(self.entries)

    @property
    def cannot_involve(self) -> tuple[str, ...]:
        """Facts that no entry containing the article allows (the union of the entries' lists)."""
        return tuple(dict.fromkeys(f for e in self.entries for f in e.cannot_involve))

    @property
    def penalties(self) -> Optional[tuple[str, ...]]:
        """Penalty kinds the narrowest entry that lists them allows (None: not catalogued)."""
        for e in sorted(self.entries, key=lambda e: (e.last or 0) - (e.first or 0)):
            if e.penalties is not None:
                return e.penalties
        return None


@attrs.frozen
class Catalogue:
    statutes: dict[str, Statute]
    categories: dict[str, Category]
    penalties: dict[str, PenaltyKind]
    source_file: Optional[str] = None
    #: the age of criminal responsibility, oldest rule first
    criminal_responsibility: tuple[AgeOfResponsibility, ...] = ()

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

    def responsibility_on(self, day: dt.date) -> Optional[AgeOfResponsibility]:
        """The age rule in force on the offence day (None: the catalogue has none for that day)."""
        found = None
        for rule in self.criminal_responsibility:
            if rule.since is None or rule.since <= day:
                found = rule
        return found

    def latest_birth(self, offence_day: dt.date) -> dt.date:
        """The latest birth date of a person who could be prosecuted for an offence on that day."""
        rule = self.responsibility_on(offence_day)
        return offence_day - relativedelta(years=rule.min_age) if rule is not None else offence_day

    def earliest_offence(self, statute_id: str, born: Optional[dt.date] = None) -> Optional[dt.date]:
        """The earliest offence date the loader accepts under the statute for a person born on
        ``born``: not before the statute's enactment, nor before the person reaches the age of
        criminal responsibility (None: no bound known). Generators draw from here."""
        statute = self.statutes.get(statute_id)
        floor = statute.enacted if statute is not None else None
        if born is None:
            return floor
        floor = max(floor, born) if floor is not None else born
        # Periods between rule changes; before the first rule (if it has a start) no age bound.
        periods: list[tuple[dt.date, Optional[dt.date], Optional[AgeOfResponsibility]]] = []
        rules = self.criminal_responsibility
        if not rules or rules[0].since is not None:
            periods.append((dt.date.min, rules[0].since if rules else None, None))
        for i, rule in enumerate(rules):
            periods.append((rule.since or dt.date.min, rules[i + 1].since if i + 1 < len(rules) else None, rule))
        for start, end, in_force in periods:
            candidate = max(floor, start)
            if in_force is not None:
                candidate = max(candidate, age_reached(born, in_force.min_age))
            if end is None or candidate < end:
                return candidate
        return floor  # pragma: no cover - the last period is open-ended


def load_catalogue(node: Node) -> Catalogue:
    node.mapping(allowed=("schema_version", "categories", "penalties", "criminal_responsibility", "statutes"),
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
        s.mapping(allowed=("id", "name_en", "name_ar", "instrument", "enacted", "categories", "articles", "notes"),
                  required=("id", "name_en", "name_ar"))
        sid = s.get("id").str() or ""
        if sid in statutes:
            raise s.get("id").error("a statute id used once", sid)
        cats = tuple(_categories(s.get("categories"), categories))
        entries = [_entry(a, categories, penalties) for a in s.get("articles").list()]
        enacted, enacted_source, exact = _enacted(s.get("enacted"))
        statutes[sid] = Statute(sid, s.get("name_en").str() or "", s.get("name_ar").str() or "",
                                s.get("instrument").str(required=False) or "", cats, tuple(entries),
                                enacted=enacted, enacted_source=enacted_source, enacted_exact=exact)
    return Catalogue(statutes, categories, penalties, node.file,
                     _responsibility(node.get("criminal_responsibility")))


def _entry(a: Node, categories: dict[str, Category], penalties: dict[str, PenaltyKind]) -> ArticleEntry:
    a.mapping(allowed=("articles", "class", "categories", "topic_en", "confidence", "note",
                       "cannot_involve", "penalties"),
              required=("articles", "class"))
    span = parse_span(a.get("articles").str() or "")
    if span is None:
        raise a.get("articles").error("an article number or range such as 304-306", a.get("articles").value)
    cannot = tuple(_names(a.get("cannot_involve"), CHARGE_FACTS, "a charge fact name (amnestyrules.facts)"))
    kinds: Optional[tuple[str, ...]] = None
    if a.get("penalties").value is not None:
        kinds = tuple(_names(a.get("penalties"), penalties, "a penalty kind from the catalogue's penalties"))
        if not kinds:
            raise a.get("penalties").error("at least one penalty kind (leave the field out when not researched)",
                                           [])
    return ArticleEntry(
        label=span.text, first=span.first, last=span.last,
        offence_class=a.get("class").enum(ARTICLE_CLASSES) or "unknown",
        categories=tuple(_categories(a.get("categories"), categories)),
        topic_en=a.get("topic_en").str(required=False) or "",
        confidence=a.get("confidence").enum(CONFIDENCE, required=False, default="low") or "low",
        cannot_involve=cannot, penalties=kinds)


def _names(node: Node, known: Iterable[str], expected: str) -> Iterable[str]:
    """Names from a closed vocabulary, each once: a typo is refused rather than ignored, since an
    ignored 'caused_deth' would leave the fact to be asked and a misspelt kind would hide one."""
    known = list(known)
    seen: set[str] = set()
    for c in node.list():
        value = c.str() or ""
        if value not in known:
            raise c.error(expected, value, did_you_mean(value, known) or f"known: {', '.join(known)}")
        if value in seen:
            raise c.error("each name once", value)
        seen.add(value)
        yield value


def _enacted(n: Node) -> tuple[Optional[dt.date], str, bool]:
    if n.value is None:
        return None, "", True
    n.mapping(allowed=("date", "source", "exact"), required=("date", "source"))
    return n.get("date").date(), n.get("source").str() or "", n.get("exact").bool(default=True)


def _responsibility(n: Node) -> tuple[AgeOfResponsibility, ...]:
    rules: list[AgeOfResponsibility] = []
    for r in n.list():
        r.mapping(allowed=("min_age", "since", "source", "confidence", "note"), required=("min_age", "source"))
        rule = AgeOfResponsibility(r.get("min_age").int(minimum=0, maximum=25) or 0,
                                   r.get("since").date(required=False), r.get("source").str() or "",
                                   r.get("confidence").enum(CONFIDENCE, required=False, default="low") or "low")
        if rules and (rule.since is None or rules[-1].since is not None and rule.since <= rules[-1].since):
            raise r.get("since").error(f"a date after the previous rule's ({rules[-1].since}): oldest rule first",
                                       str(rule.since) if rule.since else None)
        rules.append(rule)
    return tuple(rules)


def _categories(node: Node, known: dict[str, Category]) -> Iterable[str]:
    for c in node.list():
        value = c.str() or ""
        if value not in known:
            raise c.error("a category id from the catalogue", value, did_you_mean(value, known))
        yield value
