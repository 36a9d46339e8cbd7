"""From what a lawyer knows to the ground charges an engine can evaluate.

A charge mixes known values with unknown ones. Engines evaluate only fully known ("ground")
charges, so each unknown that a decree actually reads is replaced, in turn, by every value
that could make a difference: true and false for a fact; for a date or an age, one value on
each side of (and at) every threshold the decree compares it with; for a class or penalty,
each value the decree names plus one it does not. The rulings of all these completions are
then compared (see :mod:`amnestyrules.rulings`): if they agree, the unknown did not matter; if
they differ, the ruling is undetermined and the unknown is a deciding fact.

Completions may include combinations that cannot happen together (two independent guesses
about one birth date); that can only widen the set of possible rulings, never hide one, so an
'undetermined' answer is safe and a determined one is certain.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Iterator, Mapping, Optional, Union

import attrs
from dateutil.relativedelta import relativedelta

from .articles import parse_article
from .catalogue import Catalogue
from .checks import CheckTable
from .facts import CHARGE_FACTS, Tri
from .model import UNKNOWN, Charge, Decree, Person

Scalar = Union[str, int, bool]

#: Sentinel for "a value the decree does not name" (penalty kinds, categories...).
OTHER = "(other)"
#: Stand-in for "this optional field is absent" among an unknown field's candidate values.
ABSENT = object()

MAX_COMPLETIONS = 4096

ENUM_DOMAINS: dict[str, tuple[str, ...]] = {
    "offence_class": ("felony", "misdemeanour", "contravention"),
    "nationality": ("syrian", "foreign"),
}


def fact_field(name: str) -> str:
    return f"fact__{name}"


def category_field(name: str) -> str:
    return f"cat__{name}"


@attrs.frozen
class PartialGround:
    """A charge's known fields plus the list of its unknown ones."""

    known: Mapping[str, Scalar]
    unknown: tuple[str, ...]
    nullable: frozenset[str] = frozenset()


def age_on(born: dt.date, day: dt.date) -> int:
    return relativedelta(day, born).years


def partial_ground(charge: Charge, person: Person, decree: Decree, catalogue: Catalogue,
                   as_of: Optional[dt.date] = None) -> PartialGround:
    """Known and unknown ground fields of one charge, for one decree."""
    known: dict[str, Scalar] = {"id": charge.id, "statute": charge.statute, "stage": charge.stage,
                                "whereabouts": person.whereabouts}
    unknown: list[str] = []
    ref = parse_article(charge.article)
    assert ref is not None, "profiles are validated on load"
    known["article_num"] = ref.number
    known["article_suffix"] = ref.suffix
    paragraph = charge.paragraph or ref.paragraph
    if paragraph:
        known["paragraph"] = str(paragraph)
    info = catalogue.article_info(charge.statute, ref)
    for c in info.categories:
        known[category_field(c)] = True
    klass = charge.offence_class or info.offence_class
    if klass:
        known["offence_class"] = klass
    else:
        unknown.append("offence_class")
    if charge.penalty is not None:
        known["penalty"] = charge.penalty.kind
    else:
        unknown.append("penalty")
    if charge.offence_date is UNKNOWN:
        unknown.append("offence_day")
    else:
        known["offence_day"] = charge.offence_date.toordinal()  # type: ignore[union-attr]
    if person.nationality == "unknown":
        unknown.append("nationality")
    else:
        known["nationality"] = person.nationality
    if person.surrendered_on is not None:
        known["surrendered_day"] = person.surrendered_on.toordinal()
    if as_of is not None:
        known["as_of_day"] = as_of.toordinal()
    if person.born is UNKNOWN:
        unknown += ["age_at_issue", "age_at_offence"]
    else:
        known["age_at_issue"] = age_on(person.born, decree.issued)  # type: ignore[arg-type]
        if charge.offence_date is UNKNOWN:
            unknown.append("age_at_offence")
        else:
            known["age_at_offence"] = age_on(person.born, charge.offence_date)  # type: ignore[arg-type]
    if person.incurable_illness is Tri.UNKNOWN:
        unknown.append("person__incurable_illness")
    else:
        known["person__incurable_illness"] = person.incurable_illness is Tri.TRUE
    for name in CHARGE_FACTS:
        value = charge.fact(name)
        if value is Tri.UNKNOWN:
            unknown.append(fact_field(name))
        else:
            known[fact_field(name)] = value is Tri.TRUE
    nullable = set()
    if charge.hostage_released_on is UNKNOWN:
        unknown.append("hostage_released_day")
        nullable.add("hostage_released_day")
    elif charge.hostage_released_on is not None:
        known["hostage_released_day"] = charge.hostage_released_on.toordinal()  # type: ignore[union-attr]
    return PartialGround(known, tuple(unknown), frozenset(nullable))


def candidates(field: str, table: CheckTable, nullable: bool) -> list[object]:
    """The values of an unknown field that can make a difference to this decree."""
    consts = table.constants.get(field, set())
    if field.startswith(("fact__", "cat__", "person__")):
        values: list[object] = [True, False]
    elif field in ENUM_DOMAINS:
        values = list(ENUM_DOMAINS[field])
    elif field in ("penalty",):
        values = sorted(str(c) for c in consts) + [OTHER]
    else:  # ordered: days and ages
        ints = sorted({int(c) + d for c in consts for d in (-1, 0, 1) if not isinstance(c, bool)})
        values = list(ints) if ints else [0]
    if nullable:
        values.append(ABSENT)
    return values


def completions(pg: PartialGround, table: CheckTable) -> tuple[list[str], Iterator[dict[str, Scalar]]]:
    """The relevant unknown fields and an iterator over ground completions.

    Raises OverflowError when there would be more than MAX_COMPLETIONS (the caller then
    answers 'undetermined' on every relevant unknown, which is safe).
    """
    relevant = [f for f in pg.unknown if f in table.fields]
    domains = [candidates(f, table, f in pg.nullable) for f in relevant]
    total = 1
    for d in domains:
        total *= len(d)
    if total > MAX_COMPLETIONS:
        raise OverflowError(total)

    def gen() -> Iterator[dict[str, Scalar]]:
        for combo in itertools.product(*domains):
            ground = dict(pg.known)
            for f, v in zip(relevant, combo):
                if v is not ABSENT:
                    ground[f] = v  # type: ignore[assignment]
            yield ground

    return relevant, gen()


def deciding_name(field: str, charge_id: str, person: Person) -> tuple[Optional[str], str]:
    """How an unknown ground field is shown to the lawyer: (charge id or None, fact name)."""
    if field.startswith("fact__"):
        return charge_id, field[len("fact__"):]
    if field == "offence_day":
        return charge_id, "offence_date"
    if field == "hostage_released_day":
        return charge_id, "hostage_released_on"
    if field in ("offence_class", "penalty"):
        return charge_id, field
    if field == "age_at_offence" and person.born is not UNKNOWN:
        return charge_id, "offence_date"
    if field in ("age_at_issue", "age_at_offence"):
        return None, "born"
    if field == "person__incurable_illness":
        return None, "incurable_illness"
    return None, field
