"""What a lawyer knows: the person, why they are held, their charges and sentences.

A profile is a value (frozen attrs classes); an unknown date is :data:`amnestyrules.facts.UNKNOWN`
and an unknown fact :attr:`~amnestyrules.facts.Tri.UNKNOWN`, never a silent default.
"""

from __future__ import annotations

import datetime as dt
from typing import Mapping, Optional, Union

import attrs

from amnestyrules.facts import UNKNOWN, MaybeDate, Tri, _Unknown
from amnestyrules.law.model import NATIONALITIES, STAGES, WHEREABOUTS  # noqa: F401  (re-exported: the case vocabulary)

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
class Notice:
    """Something the loader accepted but a lawyer should know, such as an article the catalogue
    does not list: the answer may rest on an unknown class. Printed with every output;
    ``validate`` exits 1 on one and ``--strict`` turns it into an error."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


@attrs.frozen
class Profile:
    id: str
    person: Person
    charges: tuple[Charge, ...]
    detention: Detention = Detention()
    source: Optional[str] = None
    #: notices from the loader (eq=False: two profiles stating the same facts are equal
    #: whatever file they came from and whatever it warned about)
    warnings: tuple[Notice, ...] = attrs.field(default=(), eq=False)


