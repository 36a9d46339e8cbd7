"""What the law says: decrees, provisions, conditions, exclusions, statutes, citations.

Every class is frozen: a loaded decree is a value. Backends read these objects and never
the YAML they came from. Names follow DESIGN.md's vocabulary.
"""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction
from typing import Literal, Optional

import attrs

from amnestyrules.law.predicates import Predicate

#: What a decree may select on and a profile may state (one vocabulary for both).
NATIONALITIES = ("syrian", "foreign", "unknown")
WHEREABOUTS = ("custody", "at_large_in_syria", "at_large_abroad")
STAGES = ("accused", "convicted", "convicted_in_absentia")
OFFENCE_CLASSES = ("felony", "misdemeanour", "contravention")
CONFIDENCE = ("high", "medium", "low")
CUTOFF_RULES = ("before", "on_or_before")
BENEFIT_KINDS = ("full", "fraction", "commutation", "measure")
DECREE_KINDS = ("general", "specific", "military-service", "extension", "political")

Confidence = Literal["high", "medium", "low"]


def lowest_confidence(*levels: str) -> str:
    """The weakest of several confidence levels (an answer is as sure as its weakest rule)."""
    order = {"low": 0, "medium": 1, "high": 2}
    return min(levels, key=lambda c: order[c]) if levels else "high"


# --------------------------------------------------------------------------- citations

@attrs.frozen
class Citation:
    """Where a rule comes from: decree, article, paragraph, and the sources read."""

    decree: str
    article: Optional[str]
    paragraph: Optional[str] = None
    sources: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """'Art. 1(a)'; an unconfirmed locator such as 'Ch. 1 (article unconfirmed)' as written."""
        if self.article is None:
            return self.decree
        if not self.article[:1].isdigit():
            return self.article + (f" para. {self.paragraph}" if self.paragraph else "")
        text = f"Art. {self.article}"
        if self.paragraph:
            text += f"({self.paragraph})"
        return text

    def to_json(self) -> dict[str, object]:
        return {"decree": self.decree, "article": self.article, "paragraph": self.paragraph,
                "sources": list(self.sources)}


# --------------------------------------------------------------------------- statutes

@attrs.frozen
class ArticleEntry:
    """One article or range of a statute, as the catalogue describes it."""

    label: str
    first: Optional[int]
    last: Optional[int]
    offence_class: str            # felony | misdemeanour | contravention | mixed | n/a | unknown
    categories: tuple[str, ...]
    topic_en: str = ""
    confidence: str = "low"
    #: charge facts the offence's legal elements rule out (desertion involves no victim and no
    #: death): never asked for such a charge, taken as false unless the profile states them
    cannot_involve: tuple[str, ...] = ()
    #: penalty kinds the article can carry (None: not catalogued, every kind its class allows)
    penalties: Optional[tuple[str, ...]] = None

    def contains(self, number: int) -> bool:
        return self.first is not None and self.last is not None and self.first <= number <= self.last


@attrs.frozen
class Statute:
    id: str
    name_en: str
    name_ar: str
    instrument: str
    categories: tuple[str, ...]          # categories of the statute as a whole
    articles: tuple[ArticleEntry, ...]
    #: the day the statute took effect: no offence under it can be older (None: not catalogued)
    enacted: Optional[dt.date] = None
    enacted_source: str = ""
    #: False when only the instrument's year is known: ``enacted`` is then 1 January of that
    #: year, a bound no offence under the statute can precede, not the day it took effect
    enacted_exact: bool = True

    @property
    def short_name(self) -> str:
        """The English name without its parenthesised asides, for one-line messages."""
        return re.sub(r"\s*\([^()]*\)", "", self.name_en).strip() or self.name_en

    def enacted_limit(self) -> Optional[str]:
        """The enactment bound as a lawyer reads it, for error messages (None: not catalogued)."""
        if self.enacted is None:
            return None
        if self.enacted_exact:
            return f"an offence date on or after {self.enacted}, when {self.short_name} took effect"
        return (f"an offence date on or after {self.enacted} ({self.short_name} dates from {self.enacted.year};"
                f" the exact day is not catalogued)")


@attrs.frozen
class Category:
    id: str
    en: str
    ar: str


# --------------------------------------------------------------------------- decrees

@attrs.frozen
class Commutation:
    """One substitution: a penalty of kind ``from_kinds`` becomes ``to`` (for ``years`` if temporary)."""

    from_kinds: tuple[str, ...]
    to: str
    years: Optional[float] = None


@attrs.frozen
class Benefit:
    kind: str                                   # full | fraction | commutation | measure
    fraction: Optional[Fraction] = None         # for 'fraction'; None with kind fraction = unconfirmed amount
    commutations: tuple[Commutation, ...] = ()

    @property
    def describe(self) -> str:
        if self.kind == "full":
            return "full remission"
        if self.kind == "measure":
            return "remission of the measure"
        if self.kind == "fraction":
            return f"remission of {self.fraction} of the penalty" if self.fraction else \
                "remission of an unconfirmed fraction of the penalty"
        parts = [f"{'/'.join(c.from_kinds)} -> {c.to}" + (f" ({c.years:g} years)" if c.years else "")
                 for c in self.commutations]
        return "commutation: " + "; ".join(parts)


@attrs.frozen
class Condition:
    """A condition a provision sets, compiled to two predicates.

    ``met`` holds when the condition is fulfilled (or does not concern this person);
    ``pending`` holds when it can still be fulfilled (by ``deadline`` if there is one).
    Neither holding means it failed.
    """

    kind: str
    citation: Citation
    text_en: str
    text_ar: str
    met: Predicate
    pending: Predicate
    deadline: Optional[dt.date] = None
    #: when the deadline applies (None: always). A victim who already sued has no window to file.
    dated: Optional[Predicate] = None


@attrs.frozen
class Effect:
    """What a pardon does beyond the sentence (cancelled warrants, a cleared record), cited.

    Stated by the decree itself or by the instrument that implements it (a Justice Ministry
    circular): ``citation.article`` names the article or the circular.
    """

    kind: str
    text_en: str
    text_ar: str
    citation: Citation
    instrument: Optional[str] = None          # e.g. "Ministry of Justice circular no. 14 of 2026"

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind, "text": self.text_en, "instrument": self.instrument,
                "citation": self.citation.to_json()}


@attrs.frozen
class Revision:
    """One change to a rule file: when, what, and on which source (provenance of an answer)."""

    date: dt.date
    change: str
    sources: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {"date": self.date.isoformat(), "change": self.change, "sources": list(self.sources)}


@attrs.frozen
class Exclusion:
    id: str
    citation: Citation
    reason_en: str
    reason_ar: str
    when: Predicate
    applies_to: Optional[tuple[str, ...]] = None     # provision ids; None = every provision
    confidence: str = "high"


@attrs.frozen
class Provision:
    id: str
    citation: Citation
    summary_en: str
    summary_ar: str
    selector: Predicate
    benefit: Benefit
    conditions: tuple[Condition, ...] = ()
    exclusions: tuple[Exclusion, ...] = ()
    confidence: str = "high"
    open_questions: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()       # categories this provision touches (for the reference matrix)
    #: what a pardon under this provision does besides lifting the penalty (the decree's own
    #: decree-wide effects come first; see Decree.effects_for)
    effects: tuple[Effect, ...] = ()

    @property
    def ref(self) -> str:
        return self.citation.label


@attrs.frozen
class Decree:
    id: str
    number: int
    year: int
    kind: str
    title_en: str
    title_ar: str
    issued: dt.date
    in_force: Optional[dt.date]
    cutoff: dt.date
    cutoff_rule: str
    cutoff_citation: Citation
    provisions: tuple[Provision, ...]
    exclusions: tuple[Exclusion, ...]
    confidence: str
    open_questions: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    personal_right_en: str = ""
    extends: Optional[str] = None
    source_file: Optional[str] = None
    summary_en: str = ""
    #: first day of the offence window, for decrees that cover offences "from D1 until D2"
    window_start: Optional[dt.date] = None
    #: effects of every pardon under this decree (an implementing circular, an article on records)
    effects: tuple[Effect, ...] = ()
    #: the rule file's own history, oldest first
    revisions: tuple[Revision, ...] = ()

    def provision(self, provision_id: str) -> Provision:
        for p in self.provisions:
            if p.id == provision_id:
                return p
        raise KeyError(provision_id)

    def effects_for(self, provision: Provision) -> tuple[Effect, ...]:
        """Decree-wide effects, then the provision's own."""
        return self.effects + provision.effects

    def exclusions_for(self, provision: Provision) -> tuple[Exclusion, ...]:
        """Decree-wide exclusions that reach this provision, then the provision's own."""
        wide = tuple(x for x in self.exclusions if x.applies_to is None or provision.id in x.applies_to)
        return wide + provision.exclusions


