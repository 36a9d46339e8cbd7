"""Charge profiles (YAML or JSON) -> :class:`~amnestyrules.model.Profile`.

A profile is what a lawyer writes: the person, why they are held, and their charges. The
loader refuses what cannot be true (an offence before the person was born, a date that does
not exist, an unknown statute or fact name) rather than letting a typo turn into a wrong
answer. An absent fact is unknown, never false.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Optional

from .articles import parse_article
from .catalogue import Catalogue
from .errors import InputError, did_you_mean
from .facts import CHARGE_FACTS, PERSON_FACTS, Tri
from .loading import Node, read_data_file
from .model import (NATIONALITIES, OFFENCE_CLASSES, STAGES, UNKNOWN, WHEREABOUTS, Charge, Detention, Penalty,
                    Person, Profile)

PROFILE_FIELDS = ("id", "person", "detention", "charges", "notes", "description")
PERSON_FIELDS = ("name", "nationality", "born", "incurable_illness", "whereabouts", "surrendered_on", "notes")
CHARGE_FIELDS = ("id", "statute", "article", "paragraph", "offence_date", "stage", "penalty", "facts", "class",
                 "hostage_released_on", "court", "notes", "description")
MAX_CHARGES = 200


def load_profile_file(path: str | Path, catalogue: Catalogue) -> Profile:
    return load_profile(read_data_file(path), catalogue, str(path))


def load_profile(data: Any, catalogue: Catalogue, filename: str = "<profile>") -> Profile:
    node = Node(data, filename)
    node.mapping(allowed=PROFILE_FIELDS, required=("id", "person"))
    pid = node.get("id").str() or ""
    person = _person(node.get("person"))
    detention = _detention(node.get("detention"))
    charges_node = node.get("charges")
    charge_nodes = charges_node.list()
    if len(charge_nodes) > MAX_CHARGES:
        raise charges_node.error(f"at most {MAX_CHARGES} charges", f"{len(charge_nodes)} charges")
    if not charge_nodes and not (detention.held_without_charge or detention.civil_claim):
        raise charges_node.error("at least one charge (or detention.held_without_charge / civil_claim: true)")
    charges = []
    seen: set[str] = set()
    for c in charge_nodes:
        charge = _charge(c, catalogue, person)
        if charge.id in seen:
            raise c.get("id").error("a charge id used once in the profile", charge.id)
        seen.add(charge.id)
        charges.append(charge)
    return Profile(pid, person, tuple(charges), detention, filename)


def _person(n: Node) -> Person:
    n.mapping(allowed=PERSON_FIELDS)
    born = n.get("born").date(allow_unknown=True)
    today = dt.date.today()
    if born is not UNKNOWN and born > today:
        raise n.get("born").error(f"a birth date not after today ({today})", str(born))
    surrendered = n.get("surrendered_on").date(required=False)
    if surrendered is not None and born is not UNKNOWN and surrendered < born:
        raise n.get("surrendered_on").error("a date after the person's birth", str(surrendered))
    illness = n.get("incurable_illness")
    return Person(
        nationality=n.get("nationality").enum(NATIONALITIES, required=False, default="unknown") or "unknown",
        born=born,
        incurable_illness=illness.tri() if illness.value is not None else Tri.UNKNOWN,
        whereabouts=n.get("whereabouts").enum(WHEREABOUTS, required=False, default="custody") or "custody",
        surrendered_on=surrendered,
        name=n.get("name").str(required=False))


def _detention(n: Node) -> Detention:
    if n.value is None:
        return Detention()
    n.mapping(allowed=("held_without_charge", "civil_claim", "notes"))
    return Detention(n.get("held_without_charge").bool(), n.get("civil_claim").bool())


def _charge(c: Node, catalogue: Catalogue, person: Person) -> Charge:
    c.mapping(allowed=CHARGE_FIELDS, required=("id", "statute", "article", "stage"))
    cid = c.get("id").str() or ""
    statute = c.get("statute").str() or ""
    catalogue.statute(statute, c.get("statute"))
    article_text = c.get("article").str() or ""
    ref = parse_article(article_text)
    if ref is None:
        raise c.get("article").error("an article number such as 8, 103(4) or 556 bis", article_text)
    paragraph = c.get("paragraph").str(required=False)
    if ref.paragraph and paragraph and ref.paragraph != paragraph:
        raise c.get("paragraph").error(f"the paragraph written in the article ({ref.paragraph})", paragraph)
    offence_date = c.get("offence_date").date(allow_unknown=True)
    today = dt.date.today()
    if offence_date is not UNKNOWN:
        if offence_date > today:
            raise c.get("offence_date").error(f"a date not after today ({today})", str(offence_date))
        if person.born is not UNKNOWN and offence_date < person.born:
            raise c.get("offence_date").error(f"a date after the person's birth ({person.born})", str(offence_date))
    stage = c.get("stage").enum(STAGES) or "accused"
    penalty = _penalty(c.get("penalty"), catalogue, offence_date)
    facts: dict[str, Tri] = {}
    fnode = c.get("facts")
    if fnode.value is not None:
        fnode.mapping()
        for name, value in fnode.items():
            if name in PERSON_FACTS:
                raise value.error(f"this fact under person: ({name} is about the person, not the charge)")
            if name not in CHARGE_FACTS:
                raise InputError(value.file, value.path, "a known fact name", name,
                                 did_you_mean(name, CHARGE_FACTS) or f"known: {', '.join(CHARGE_FACTS)}")
            facts[name] = value.tri()
    hostage = c.get("hostage_released_on")
    if hostage.value is None and "hostage_released_on" not in (c.value or {}):
        hostage_released: Any = UNKNOWN
    elif isinstance(hostage.value, str) and hostage.value.strip() == "not_released":
        hostage_released = None
    else:
        hostage_released = hostage.date(allow_unknown=True)
    klass = c.get("class").enum(OFFENCE_CLASSES, required=False) or \
        catalogue.article_info(statute, ref).offence_class
    if penalty is not None and not catalogue.penalty_fits(penalty.kind, klass):
        raise c.get("penalty").get("kind").error(
            f"a penalty a {klass} can carry (a {klass} is never punished by a felony penalty)", penalty.kind)
    return Charge(id=cid, statute=statute, article=article_text, paragraph=paragraph or ref.paragraph,
                  offence_date=offence_date, stage=stage, penalty=penalty, facts=facts,
                  offence_class=c.get("class").enum(OFFENCE_CLASSES, required=False),
                  hostage_released_on=hostage_released)


def _penalty(n: Node, catalogue: Catalogue, offence_date: Any) -> Optional[Penalty]:
    if n.value is None:
        return None
    n.mapping(allowed=("kind", "years", "start"), required=("kind",))
    kind = n.get("kind").str() or ""
    if kind not in catalogue.penalties:
        raise n.get("kind").error("a penalty kind from rules/statutes.yaml", kind,
                                  did_you_mean(kind, catalogue.penalties))
    years = n.get("years").number(required=False, minimum=0, maximum=99)
    start = n.get("start").date(required=False)
    if start is not None and offence_date is not UNKNOWN and start < offence_date:
        raise n.get("start").error(f"a start date on or after the offence date ({offence_date})", str(start))
    return Penalty(kind, years, start)
