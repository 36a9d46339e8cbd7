"""The intermediate representation: what a decree says and what a lawyer knows.

Every class is frozen: a loaded decree or profile is a value. Backends read these objects
and never the YAML they came from. Names follow the domain (decree, provision, charge,
ruling, outcome); see DESIGN.md's vocabulary.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Literal, Mapping, Optional, Union

import attrs

from .facts import Tri
from .predicates import Predicate


class _Unknown:
    """The value of a date that the lawyer does not know."""

    _instance: "Optional[_Unknown]" = None

    def __new__(cls) -> "_Unknown":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        return False


#: Marker for an unknown date (offence date, birth date, release date).
UNKNOWN = _Unknown()
MaybeDate = Union[dt.date, _Unknown]

NATIONALITIES = ("syrian", "foreign", "unknown")
WHEREABOUTS = ("custody", "at_large_in_syria", "at_large_abroad")
STAGES = ("accused", "convicted", "convicted_in_absentia")
OFFENCE_CLASSES = ("felony", "misdemeanour", "contravention")
CONFIDENCE = ("high", "medium", "low")
CUTOFF_RULES = ("before", "on_or_before")
RULINGS = ("pardoned", "conditional", "reduced", "commuted", "excluded", "not_covered", "undetermined")
OUTCOMES = ("released", "released_if", "sentence_reduced", "blocked", "out_of_reach", "undetermined")
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


@attrs.frozen
class Category:
    id: str
    en: str
    ar: str


# --------------------------------------------------------------------------- profiles

@attrs.frozen
class Penalty:
    kind: str
    years: Optional[float] = None
    start: Optional[dt.date] = None


@attrs.frozen
class Charge:
    id: str
    statute: str
    article: str
    paragraph: Optional[str]
    offence_date: MaybeDate
    stage: str
    penalty: Optional[Penalty] = None
    facts: Mapping[str, Tri] = attrs.field(factory=dict)
    offence_class: Optional[str] = None        # overrides the catalogue (e.g. for 'mixed' articles)
    hostage_released_on: Union[dt.date, None, _Unknown] = UNKNOWN

    def fact(self, name: str) -> Tri:
        return self.facts.get(name, Tri.UNKNOWN)


@attrs.frozen
class Person:
    nationality: str = "unknown"
    born: MaybeDate = UNKNOWN
    incurable_illness: Tri = Tri.UNKNOWN
    whereabouts: str = "custody"
    surrendered_on: Optional[dt.date] = None
    name: Optional[str] = None


@attrs.frozen
class Detention:
    held_without_charge: bool = False
    civil_claim: bool = False


@attrs.frozen
class Profile:
    id: str
    person: Person
    charges: tuple[Charge, ...]
    detention: Detention = Detention()
    source: Optional[str] = None


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

    def provision(self, provision_id: str) -> Provision:
        for p in self.provisions:
            if p.id == provision_id:
                return p
        raise KeyError(provision_id)

    def exclusions_for(self, provision: Provision) -> tuple[Exclusion, ...]:
        """Decree-wide exclusions that reach this provision, then the provision's own."""
        wide = tuple(x for x in self.exclusions if x.applies_to is None or provision.id in x.applies_to)
        return wide + provision.exclusions


# --------------------------------------------------------------------------- answers

@attrs.frozen
class Reason:
    """One node of an explanation: a message, its citation, and sub-reasons."""

    key: str                                  # message id in the catalogue (messages/*.yaml)
    params: Mapping[str, object] = attrs.field(factory=dict)
    citation: Optional[Citation] = None
    children: tuple["Reason", ...] = ()


@attrs.frozen
class DecidingFact:
    charge: Optional[str]
    fact: str

    def to_json(self) -> dict[str, object]:
        return {"charge": self.charge, "fact": self.fact}


@attrs.frozen
class PendingCondition:
    """Something that must still happen for a conditional pardon, and by when."""

    charge: str
    kind: str
    text_en: str
    text_ar: str
    by: Optional[dt.date]
    citation: Citation

    def to_json(self) -> dict[str, object]:
        return {"charge": self.charge, "condition": self.kind, "text": self.text_en,
                "by": self.by.isoformat() if self.by else None, "citation": self.citation.to_json()}


@attrs.frozen
class Ruling:
    """What one decree does to one charge, and why."""

    charge: str
    ruling: str
    provision: Optional[str]                  # provision id that decided
    citation: Optional[Citation]
    reasons: tuple[Reason, ...]
    conditions: tuple[PendingCondition, ...] = ()
    deciding_facts: tuple[DecidingFact, ...] = ()
    benefit: Optional[Benefit] = None
    confidence: str = "high"
    possible: tuple[str, ...] = ()            # for 'undetermined': the rulings the unknowns allow


@attrs.frozen
class Outcome:
    """What one decree does to one person."""

    profile: str
    decree: str
    outcome: str
    rulings: tuple[Ruling, ...]
    blocking: tuple[str, ...] = ()
    deciding_facts: tuple[DecidingFact, ...] = ()
    conditions: tuple[PendingCondition, ...] = ()
    confidence: str = "high"
    reasons: tuple[Reason, ...] = ()
    warnings: tuple[Reason, ...] = ()

    def ruling_for(self, charge_id: str) -> Ruling:
        for r in self.rulings:
            if r.charge == charge_id:
                return r
        raise KeyError(charge_id)
