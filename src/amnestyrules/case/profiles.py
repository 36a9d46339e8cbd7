"""Charge profiles (YAML or JSON) -> :class:`~amnestyrules.model.Profile`.

A profile is what a lawyer writes: the person, why they are held, and their charges. The
loader refuses what cannot be true (an offence before the person was born or before its
statute existed, a child under the age of criminal responsibility, a date that does not
exist, an unknown statute or fact name) rather than letting a typo turn into a wrong answer.
An absent fact is unknown, never false. What is possible but leaves the answer less sure (an
article the catalogue does not list) is accepted with a :class:`~amnestyrules.case.model.Notice`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Optional

from amnestyrules.case import derived
from amnestyrules.case.model import NATIONALITIES, STAGES, WHEREABOUTS, Charge, Detention, Notice, Penalty, Person, Profile
from amnestyrules.errors import Description, InputError, did_you_mean
from amnestyrules.facts import CHARGE_FACTS, PERSON_FACTS, UNKNOWN, Tri, parse_tri
from amnestyrules.law.articles import parse_article
from amnestyrules.law.catalogue import Catalogue, age_reached
from amnestyrules.law.ids import case_id, lookalike_key
from amnestyrules.law.model import OFFENCE_CLASSES, Statute
from amnestyrules.loading import Node, read_data_file

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
    pid = case_id(node.get("id"))
    person = _person(node.get("person"))
    detention = _detention(node.get("detention"))
    charges_node = node.get("charges")
    charge_nodes = charges_node.list()
    if len(charge_nodes) > MAX_CHARGES:
        raise charges_node.error(f"at most {MAX_CHARGES} charges", Description(f"{len(charge_nodes)} charges"))
    if not charge_nodes and not (detention.held_without_charge or detention.civil_claim):
        raise charges_node.error("at least one charge (or detention.held_without_charge / civil_claim: true)")
    charges = []
    warnings: list[Notice] = []
    seen: dict[str, str] = {}
    for c in charge_nodes:
        charge = _charge(c, catalogue, person, warnings)
        key = lookalike_key(charge.id)
        if key in seen:
            earlier = seen[key]
            raise c.get("id").error("a charge id used once in the profile", charge.id,
                                    None if earlier == charge.id else f"it reads as the earlier {earlier!r}")
        seen[key] = charge.id
        # A stated fact that contradicts what the profile's own fields settle (juvenile against the
        # birth and offence dates) is refused, naming both fields.
        derived.check_stated(charge, person, filename, c.path)
        charges.append(charge)
    return Profile(pid, person, tuple(charges), detention, filename, tuple(warnings))


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


def _charge(c: Node, catalogue: Catalogue, person: Person, warnings: list[Notice]) -> Charge:
    c.mapping(allowed=CHARGE_FIELDS, required=("id", "statute", "article", "stage"))
    cid = case_id(c.get("id"))
    statute = c.get("statute").str() or ""
    statute_entry = catalogue.statute(statute, c.get("statute"))
    article_text = c.get("article").written("an article") or ""
    ref = parse_article(article_text)
    if ref is None:
        raise c.get("article").error("an article number such as 8, 103(4) or 556 bis", article_text)
    paragraph = c.get("paragraph").written("a paragraph", required=False)
    if ref.paragraph and paragraph and ref.paragraph != paragraph:
        raise c.get("paragraph").error(f"the paragraph written in the article ({ref.paragraph})", paragraph)
    offence_date = c.get("offence_date").date(allow_unknown=True)
    today = dt.date.today()
    if offence_date is not UNKNOWN:
        if offence_date > today:
            raise c.get("offence_date").error(f"a date not after today ({today})", str(offence_date))
        _check_plausible(c.get("offence_date"), offence_date, statute_entry, person, catalogue)
    stage = c.get("stage").enum(STAGES) or "accused"
    penalty = _penalty(c.get("penalty"), catalogue, offence_date)
    facts: dict[str, Tri] = {}
    fnode = c.get("facts")
    if fnode.value is not None:
        fnode.mapping()
        for name, raw in fnode.value.items():
            # The common case (a known fact, a valid value) without building a Node per fact: a
            # batch reads dozens of facts per charge. Any problem is reported through the Node.
            tri = parse_tri(raw) if name in CHARGE_FACTS and name not in PERSON_FACTS else None
            if tri is not None:
                facts[name] = tri
                continue
            value = fnode.get(name)
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
    info = catalogue.article_info(statute, ref)
    stated_class = c.get("class").enum(OFFENCE_CLASSES, required=False)
    klass = stated_class or info.offence_class
    if not info.known:
        unknown = "categories unknown (class as stated)" if stated_class else "class and categories unknown"
        warnings.append(Notice(c.file, c.get("article").path,
                               f"{statute_entry.short_name} Art. {article_text} is not in the catalogue: {unknown}"))
    if penalty is not None and not catalogue.penalty_fits(penalty.kind, klass):
        raise c.get("penalty").get("kind").error(
            f"a penalty a {klass} can carry (a {klass} is never punished by a felony penalty)", penalty.kind)
    return Charge(id=cid, statute=statute, article=article_text, paragraph=paragraph or ref.paragraph,
                  offence_date=offence_date, stage=stage, penalty=penalty, facts=facts,
                  offence_class=stated_class,
                  hostage_released_on=hostage_released)


def _check_plausible(n: Node, offence_date: dt.date, statute: Statute, person: Person,
                     catalogue: Catalogue) -> None:
    """Refuse an offence date that cannot be true of this statute and this person: each limit
    is named with its source, so a lawyer can tell a typo from a catalogue that is wrong."""
    born = person.born if isinstance(person.born, dt.date) else None
    if born is not None and offence_date < born:
        raise n.error(f"a date after the person's birth ({born})", str(offence_date))
    if statute.enacted is not None and offence_date < statute.enacted:
        raise n.error(statute.enacted_limit() or "", str(offence_date), f"source: {statute.enacted_source}")
    rule = catalogue.responsibility_on(offence_date)
    if born is None or rule is None:
        return
    of_age = age_reached(born, rule.min_age)
    if offence_date < of_age:
        raise n.error(f"an offence date on or after {of_age}, when the person (born {born}) reached"
                      f" {rule.min_age}, the age of criminal responsibility", str(offence_date),
                      f"source: {rule.source}; confidence {rule.confidence}")


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
