"""The page's form and the profile format, both ways.

The page keeps the whole profile in its form: every action (evaluate, add or remove a charge,
answer a question, switch language, print, export) posts all of it, so the server keeps no
state. :func:`from_fields` reads a posted form, :func:`to_data` turns it into a profile in the
profile format (what a YAML or JSON profile file holds, and what the loader then checks, so the
page refuses exactly what the command line refuses, naming the same field), and
:func:`from_data` fills the form from an imported file. Fields the form does not show (notes,
descriptions, a court) travel in hidden fields and come back out on export.

Field names follow the profile's field paths: ``charges-0-offence_date`` is
``charges[0].offence_date``, so an error's field path leads to the input to fix
(:func:`field_id`).
"""

from __future__ import annotations

import json
import re
from typing import Any, Mapping, Optional

import attrs

from amnestyrules.case.profiles import MAX_CHARGES
from amnestyrules.errors import InputError
from amnestyrules.facts import CHARGE_FACTS

#: Profile fields the form shows, per level; anything else a file holds is carried through.
SHOWN_PROFILE = ("id", "person", "detention", "charges")
SHOWN_PERSON = ("name", "nationality", "born", "incurable_illness", "whereabouts", "surrendered_on")
SHOWN_DETENTION = ("held_without_charge", "civil_claim")
SHOWN_CHARGE = ("id", "statute", "article", "paragraph", "offence_date", "stage", "penalty", "facts", "class",
                "hostage_released_on")
TRI = ("true", "false")


@attrs.define
class ChargeForm:
    """One charge as the form holds it: strings, empty meaning 'not stated' (unknown)."""

    id: str = ""
    statute: str = ""
    article: str = ""
    paragraph: str = ""
    offence_date: str = ""
    stage: str = "accused"
    klass: str = ""
    penalty_kind: str = ""
    penalty_years: str = ""
    penalty_start: str = ""
    #: '' unknown, 'released' (on hostage_date, or on an unknown day), 'not_released'
    hostage: str = ""
    hostage_date: str = ""
    #: fact name -> 'true' / 'false'; a fact not here is unknown
    facts: dict[str, str] = attrs.field(factory=dict)
    carry: dict[str, Any] = attrs.field(factory=dict)


@attrs.define
class ProfileForm:
    id: str = "client"
    name: str = ""
    nationality: str = "unknown"
    born: str = ""
    incurable_illness: str = ""
    whereabouts: str = "custody"
    surrendered_on: str = ""
    held_without_charge: bool = False
    civil_claim: bool = False
    charges: list[ChargeForm] = attrs.field(factory=list)
    #: fields the form does not show: {"profile": {...}, "person": {...}, "detention": {...}}
    carry: dict[str, dict[str, Any]] = attrs.field(factory=dict)

    def charge(self, charge_id: str) -> Optional[ChargeForm]:
        return next((c for c in self.charges if c.id == charge_id), None)

    def next_charge_id(self) -> str:
        taken = {c.id for c in self.charges}
        n = len(self.charges) + 1
        while f"c{n}" in taken:
            n += 1
        return f"c{n}"


def blank() -> ProfileForm:
    """The form a lawyer starts from: one empty charge."""
    return ProfileForm(charges=[ChargeForm(id="c1")])


def field_id(path: Optional[str]) -> Optional[str]:
    """The form field of a profile field path: 'charges[1].offence_date' -> 'charges-1-offence_date'."""
    if not path or path == "(top level)":
        return None
    return re.sub(r"\[(\d+)\]", r"-\1", path).replace(".", "-")


# ------------------------------------------------------------------------- posted form -> form

def _carry(fields: Mapping[str, str], name: str) -> dict[str, Any]:
    text = fields.get(name, "")
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise InputError("page", name, "the fields carried from an imported profile (a JSON object)")
    return value


def from_fields(fields: Mapping[str, str]) -> ProfileForm:
    """A posted form -> the form's state (nothing checked yet: the loader does that)."""
    def get(name: str, default: str = "") -> str:
        value = fields.get(name, default)
        return value.strip() if isinstance(value, str) else default

    indices = sorted({int(m.group(1)) for k in fields if (m := re.fullmatch(r"charges-(\d+)-id", k))})
    if len(indices) > MAX_CHARGES:
        raise InputError("page", "charges", f"at most {MAX_CHARGES} charges", f"{len(indices)} charges")
    charges = []
    for i in indices:
        p = f"charges-{i}-"
        facts = {name: get(p + "facts-" + name) for name in CHARGE_FACTS if get(p + "facts-" + name) in TRI}
        charges.append(ChargeForm(
            id=get(p + "id"), statute=get(p + "statute"), article=get(p + "article"), paragraph=get(p + "paragraph"),
            offence_date=get(p + "offence_date"), stage=get(p + "stage", "accused"), klass=get(p + "class"),
            penalty_kind=get(p + "penalty-kind"), penalty_years=get(p + "penalty-years"),
            penalty_start=get(p + "penalty-start"), hostage=get(p + "hostage"),
            hostage_date=get(p + "hostage_released_on"), facts=facts, carry=_carry(fields, p + "carry")))
    return ProfileForm(
        id=get("id", "client"), name=get("person-name"), nationality=get("person-nationality", "unknown"),
        born=get("person-born"), incurable_illness=get("person-incurable_illness"),
        whereabouts=get("person-whereabouts", "custody"), surrendered_on=get("person-surrendered_on"),
        held_without_charge=get("detention-held_without_charge") == "true",
        civil_claim=get("detention-civil_claim") == "true", charges=charges,
        carry={level: _carry(fields, f"carry-{level}") for level in ("profile", "person", "detention")})


# ------------------------------------------------------------------------- form -> profile format

def _number(text: str) -> Any:
    """'7' -> 7, '2.5' -> 2.5; anything else stays text, for the loader to refuse by name."""
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def _charge_data(c: ChargeForm) -> dict[str, Any]:
    out: dict[str, Any] = {"id": c.id, "statute": c.statute, "article": c.article}
    if c.paragraph:
        out["paragraph"] = c.paragraph
    out["offence_date"] = c.offence_date or "unknown"
    out["stage"] = c.stage
    if c.klass:
        out["class"] = c.klass
    if c.penalty_kind or c.penalty_years or c.penalty_start:
        penalty: dict[str, Any] = {"kind": c.penalty_kind or None}
        if c.penalty_years:
            penalty["years"] = _number(c.penalty_years)
        if c.penalty_start:
            penalty["start"] = c.penalty_start
        out["penalty"] = penalty
    if c.hostage == "not_released":
        out["hostage_released_on"] = "not_released"
    elif c.hostage == "released":
        out["hostage_released_on"] = c.hostage_date or "unknown"
    if c.facts:
        out["facts"] = {name: value == "true" for name, value in c.facts.items()}
    out.update({k: v for k, v in c.carry.items() if k not in SHOWN_CHARGE})
    return out


def to_data(form: ProfileForm) -> dict[str, Any]:
    """The form as a profile in the profile format (what export writes and the loader checks)."""
    person: dict[str, Any] = {}
    if form.name:
        person["name"] = form.name
    person["nationality"] = form.nationality
    if form.born:
        person["born"] = form.born
    if form.incurable_illness in TRI:
        person["incurable_illness"] = form.incurable_illness == "true"
    person["whereabouts"] = form.whereabouts
    if form.surrendered_on:
        person["surrendered_on"] = form.surrendered_on
    person.update({k: v for k, v in form.carry.get("person", {}).items() if k not in SHOWN_PERSON})
    data: dict[str, Any] = {"id": form.id}
    data.update({k: v for k, v in form.carry.get("profile", {}).items() if k not in SHOWN_PROFILE})
    data["person"] = person
    detention = {k: v for k, v in form.carry.get("detention", {}).items() if k not in SHOWN_DETENTION}
    if form.held_without_charge:
        detention["held_without_charge"] = True
    if form.civil_claim:
        detention["civil_claim"] = True
    if detention:
        data["detention"] = detention
    data["charges"] = [_charge_data(c) for c in form.charges]
    return data


# ------------------------------------------------------------------------- profile format -> form

def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _date_text(value: Any) -> str:
    """A date field: '' for absent or unknown (the form's way of saying unknown)."""
    text = _text(value)
    return "" if text.strip().lower() == "unknown" else text


def _tri_text(value: Any) -> str:
    text = _text(value).strip().lower()
    return text if text in TRI else ""


def _charge_form(c: Mapping[str, Any]) -> ChargeForm:
    penalty = c.get("penalty") or {}
    hostage = c.get("hostage_released_on", None)
    hostage_text = _text(hostage).strip().lower() if "hostage_released_on" in c else ""
    facts = {name: t for name, value in (c.get("facts") or {}).items() if (t := _tri_text(value))}
    return ChargeForm(
        id=_text(c.get("id")), statute=_text(c.get("statute")), article=_text(c.get("article")),
        paragraph=_text(c.get("paragraph")), offence_date=_date_text(c.get("offence_date")),
        stage=_text(c.get("stage")) or "accused", klass=_text(c.get("class")),
        penalty_kind=_text(penalty.get("kind")), penalty_years=_text(penalty.get("years")),
        penalty_start=_date_text(penalty.get("start")),
        hostage="" if hostage_text in ("", "unknown", "none") else
        "not_released" if hostage_text == "not_released" else "released",
        hostage_date=_date_text(hostage) if hostage_text not in ("not_released",) else "",
        facts=facts, carry={k: v for k, v in c.items() if k not in SHOWN_CHARGE})


def from_data(data: Mapping[str, Any]) -> ProfileForm:
    """A profile (already accepted by the loader) -> the form that holds it."""
    person = data.get("person") or {}
    detention = data.get("detention") or {}
    return ProfileForm(
        id=_text(data.get("id")), name=_text(person.get("name")),
        nationality=_text(person.get("nationality")) or "unknown", born=_date_text(person.get("born")),
        incurable_illness=_tri_text(person.get("incurable_illness")),
        whereabouts=_text(person.get("whereabouts")) or "custody",
        surrendered_on=_date_text(person.get("surrendered_on")),
        held_without_charge=detention.get("held_without_charge") is True,
        civil_claim=detention.get("civil_claim") is True,
        charges=[_charge_form(c) for c in data.get("charges") or []],
        carry={"profile": {k: v for k, v in data.items() if k not in SHOWN_PROFILE},
               "person": {k: v for k, v in person.items() if k not in SHOWN_PERSON},
               "detention": {k: v for k, v in detention.items() if k not in SHOWN_DETENTION}})


# ------------------------------------------------------------------------- answering a question in place

#: Charge fields a question may name (besides the charge facts) -> the form attribute it sets.
CHARGE_ANSWERS = {"offence_date": "offence_date", "offence_class": "klass", "class": "klass",
                  "penalty": "penalty_kind", "paragraph": "paragraph", "hostage_released_on": "hostage_date"}
PERSON_ANSWERS = {"incurable_illness": "incurable_illness", "born": "born", "nationality": "nationality",
                  "surrendered_on": "surrendered_on"}


def answer(form: ProfileForm, subject: str, value: str) -> None:
    """Put the answer to a question ('c2.weapons_smuggling' = 'true', 'born' = '1990-01-01') into the form."""
    value = value.strip()
    if not value:
        raise InputError("page", subject, "an answer to the question", hint="nothing was chosen")
    charge_id, _, fact = subject.rpartition(".")
    if not charge_id:
        if fact not in PERSON_ANSWERS:
            raise InputError("page", subject, "a question the page can answer in place")
        if fact == "incurable_illness" and value not in TRI:
            raise InputError("page", subject, "true or false", value)
        setattr(form, PERSON_ANSWERS[fact], value)
        return
    charge = form.charge(charge_id)
    if charge is None:
        raise InputError("page", subject, "a charge of the profile", charge_id)
    if fact in CHARGE_FACTS:
        if value not in TRI:
            raise InputError("page", subject, "true or false", value)
        charge.facts[fact] = value
    elif fact in CHARGE_ANSWERS:
        setattr(charge, CHARGE_ANSWERS[fact], value)
        if fact == "hostage_released_on":
            charge.hostage = "not_released" if value == "not_released" else "released"
            charge.hostage_date = "" if value == "not_released" else value
    else:
        raise InputError("page", subject, "a question the page can answer in place")
