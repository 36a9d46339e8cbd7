"""A profile as spreadsheet rows, and back.

Organisations keep case lists as spreadsheets: one row per charge, the person's columns repeated
on each of their rows, and a person held with no charge on one row whose charge columns are
empty. This module turns one person's rows into the dict the profile loader reads and hands it
to :func:`amnestyrules.case.profiles.load_profile`, the one home of profile validation, so a bad
value gets the same message as in a YAML profile; the message is then pointed at the line and
column of the spreadsheet instead of the profile's field path.

The reverse, :func:`profile_rows`, writes a profile as rows (the shipped example case list is
built from the example profiles with it, and a round trip is tested).
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping, Optional, Sequence

import attrs

from amnestyrules.case.model import Charge, Profile
from amnestyrules.case.profiles import load_profile
from amnestyrules.errors import InputError, did_you_mean
from amnestyrules.facts import CHARGE_FACTS, PERSON_FACTS, UNKNOWN, Tri
from amnestyrules.law.catalogue import Catalogue

#: The person's columns, repeated on each of their rows.
PERSON_COLUMNS = ("profile_id", "nationality", "born", "whereabouts", "surrendered_on", "incurable_illness",
                  "held_without_charge", "civil_claim")
#: One charge per row; all empty on the one row of a person held with no charge.
CHARGE_COLUMNS = ("charge_id", "statute", "article", "paragraph", "class", "offence_date", "stage",
                  "penalty_kind", "penalty_years", "penalty_start")
#: Accepted beyond the issue's list: the charge field kidnapping clauses read.
EXTRA_CHARGE_COLUMNS = ("hostage_released_on",)
#: A charge fact column is ``fact_`` and the fact's name (``fact_caused_death``).
FACT_PREFIX = "fact_"
COLUMNS = PERSON_COLUMNS + CHARGE_COLUMNS
#: Without these no charge can be read (an absent optional column reads as empty cells).
REQUIRED_COLUMNS = ("profile_id", "charge_id", "statute", "article", "stage")

#: A loader field path -> the column that holds it.
_PERSON_FIELD = {f"person.{c}": c for c in ("nationality", "born", "whereabouts", "surrendered_on",
                                            "incurable_illness")}
_PERSON_FIELD.update({"detention.held_without_charge": "held_without_charge",
                      "detention.civil_claim": "civil_claim", "id": "profile_id", "person": "profile_id",
                      "detention": "held_without_charge"})
_CHARGE_FIELD = {"id": "charge_id", "class": "class", "penalty": "penalty_kind", "penalty.kind": "penalty_kind",
                 "penalty.years": "penalty_years", "penalty.start": "penalty_start"}
_CHARGE_PATH = re.compile(r"^charges\[(\d+)\](?:\.(.*))?$")

Row = Mapping[str, str]


@attrs.frozen
class Header:
    """The columns of a case list, checked once: known names, each once, the required ones there."""

    columns: tuple[str, ...]
    facts: tuple[str, ...]          # fact names with a column, in column order

    @property
    def charge_columns(self) -> tuple[str, ...]:
        own = tuple(c for c in CHARGE_COLUMNS + EXTRA_CHARGE_COLUMNS if c in self.columns)
        return own + tuple(FACT_PREFIX + f for f in self.facts)


def check_header(columns: Sequence[str], file: str) -> Header:
    """Refuse a header with an unknown, repeated or missing column, naming it (a misspelt fact
    column would otherwise leave the fact unknown on every row, silently)."""
    names = [c.strip() for c in columns]
    known = COLUMNS + EXTRA_CHARGE_COLUMNS
    facts: list[str] = []
    seen: set[str] = set()
    for i, name in enumerate(names, start=1):
        where = f"line 1, column {i}"
        if not name:
            raise InputError(file, where, "a column name", hint="the header has an empty cell")
        if name in seen:
            raise InputError(file, where, "each column once", name)
        seen.add(name)
        if name.startswith(FACT_PREFIX):
            fact = name[len(FACT_PREFIX):]
            if fact in PERSON_FACTS:
                raise InputError(file, where, "a charge fact column", name,
                                 f"{fact} is about the person: write it in the column {fact}")
            if fact not in CHARGE_FACTS:
                raise InputError(file, where, "fact_ followed by a known charge fact", name,
                                 did_you_mean(fact, CHARGE_FACTS) or f"known: {', '.join(CHARGE_FACTS)}")
            facts.append(fact)
        elif name not in known:
            raise InputError(file, where, "a known column", name,
                             did_you_mean(name, known + tuple(FACT_PREFIX + f for f in CHARGE_FACTS))
                             or f"known: {', '.join(known)}, fact_<name>")
    for name in REQUIRED_COLUMNS:
        if name not in seen:
            raise InputError(file, "line 1", f"a column named {name}", hint="the header lacks it")
    return Header(tuple(names), tuple(facts))


# --------------------------------------------------------------------------- rows -> profile

def profile_from_rows(rows: Sequence[tuple[int, Row]], header: Header, catalogue: Catalogue,
                      file: str) -> Profile:
    """One person's rows (each with its line number) -> a validated :class:`Profile`.

    The person's columns must agree across the rows (a later row may leave them empty); a row
    whose charge columns are all empty adds no charge. Any error names the line and the column.
    """
    first_line = rows[0][0]
    person_line: dict[str, int] = {}
    person: dict[str, str] = {}
    for line, row in rows:
        for column in PERSON_COLUMNS:
            value = _cell(row, column)
            if not value:
                continue
            if column not in person:
                person[column], person_line[column] = value, line
            elif value != person[column]:
                raise InputError(file, f"line {line}, column {column}",
                                 f"the same value as on line {person_line[column]} ({person[column]!r}): a "
                                 f"person's columns repeat on each of their rows, or are left empty", value)
    charge_rows = [(line, row) for line, row in rows if any(_cell(row, c) for c in header.charge_columns)]
    data = _profile_data(person, [row for _, row in charge_rows], header)
    try:
        return load_profile(data, catalogue, file)
    except InputError as exc:
        line, column = _locate(exc.field, first_line, person_line, [line for line, _ in charge_rows])
        raise InputError(file, f"line {line}, column {column}", exc.expected, exc.got, exc.hint) from None


def _cell(row: Row, column: str) -> str:
    value = row.get(column)
    return value.strip() if isinstance(value, str) else ""


def _profile_data(person: Mapping[str, str], charge_rows: Iterable[Row], header: Header) -> dict[str, Any]:
    who: dict[str, Any] = {}
    for column in ("nationality", "born", "whereabouts", "surrendered_on", "incurable_illness"):
        if person.get(column):
            who[column] = person[column]
    detention = {c: _boolean(person[c]) for c in ("held_without_charge", "civil_claim") if person.get(c)}
    data: dict[str, Any] = {"id": person.get("profile_id"), "person": who,
                            "charges": [_charge_data(row, header) for row in charge_rows]}
    if detention:
        data["detention"] = detention
    return data


def _charge_data(row: Row, header: Header) -> dict[str, Any]:
    charge: dict[str, Any] = {}
    for column, field in (("charge_id", "id"), ("statute", "statute"), ("article", "article"),
                          ("paragraph", "paragraph"), ("class", "class"), ("offence_date", "offence_date"),
                          ("stage", "stage"), ("hostage_released_on", "hostage_released_on")):
        value = _cell(row, column)
        if value:
            charge[field] = value
    penalty: dict[str, Any] = {}
    for column, field in (("penalty_kind", "kind"), ("penalty_years", "years"), ("penalty_start", "start")):
        value = _cell(row, column)
        if value:
            penalty[field] = _number(value) if field == "years" else value
    if penalty:
        charge["penalty"] = penalty
    facts = {f: _cell(row, FACT_PREFIX + f) for f in header.facts if _cell(row, FACT_PREFIX + f)}
    if facts:
        charge["facts"] = facts
    return charge


def _boolean(text: str) -> Any:
    """'true'/'false' in any case -> a bool; anything else is passed on for the loader to refuse."""
    lowered = text.lower()
    return {"true": True, "false": False}.get(lowered, text)


def _number(text: str) -> Any:
    try:
        value = float(text)
    except ValueError:
        return text   # the loader says what it expected
    return int(value) if value.is_integer() else value


def _locate(field: str, first_line: int, person_line: Mapping[str, int],
            charge_lines: Sequence[int]) -> tuple[int, str]:
    """The (line, column) of a loader field path such as ``charges[1].penalty.kind``."""
    m = _CHARGE_PATH.match(field)
    if m:
        index, rest = int(m.group(1)), m.group(2) or "id"
        line = charge_lines[index] if index < len(charge_lines) else first_line
        if rest.startswith("facts."):
            return line, FACT_PREFIX + rest[len("facts."):]
        if rest.startswith("hostage_released_on"):
            return line, "hostage_released_on"
        return line, _CHARGE_FIELD.get(rest, rest.split(".")[0])
    if field == "charges":
        return (charge_lines[0] if charge_lines else first_line), "charge_id"
    column = _PERSON_FIELD.get(field, field)
    return person_line.get(column, first_line), column


# --------------------------------------------------------------------------- profile -> rows

def profile_rows(profile: Profile, facts: Optional[Sequence[str]] = None) -> list[dict[str, str]]:
    """The rows a spreadsheet keeps for ``profile`` (one per charge, or one for no charge), with a
    ``fact_`` column for each of ``facts`` (every charge fact when not given)."""
    facts = tuple(CHARGE_FACTS) if facts is None else tuple(facts)
    p = profile.person
    person = {"profile_id": profile.id, "nationality": p.nationality, "born": _date_text(p.born),
              "whereabouts": p.whereabouts, "surrendered_on": _date_text(p.surrendered_on),
              "incurable_illness": "" if p.incurable_illness is Tri.UNKNOWN else p.incurable_illness.value,
              "held_without_charge": _bool_text(profile.detention.held_without_charge),
              "civil_claim": _bool_text(profile.detention.civil_claim)}
    if not profile.charges:
        return [{**person, **{c: "" for c in CHARGE_COLUMNS}, **{FACT_PREFIX + f: "" for f in facts}}]
    return [{**person, **_charge_cells(c, facts)} for c in profile.charges]


def _charge_cells(c: Charge, facts: Sequence[str]) -> dict[str, str]:
    penalty = c.penalty
    cells = {"charge_id": c.id, "statute": c.statute, "article": c.article, "paragraph": c.paragraph or "",
             "class": c.offence_class or "", "offence_date": _date_text(c.offence_date), "stage": c.stage,
             "penalty_kind": penalty.kind if penalty else "",
             "penalty_years": _years_text(penalty.years) if penalty else "",
             "penalty_start": _date_text(penalty.start) if penalty else ""}
    for f in facts:   # a fact stated unknown is written so; one not stated is left empty
        value = c.facts.get(f)
        cells[FACT_PREFIX + f] = "" if value is None else value.value
    return cells


def _date_text(value: object) -> str:
    if value is None or value is UNKNOWN:
        return ""
    return str(value.isoformat())  # type: ignore[attr-defined]


def _bool_text(value: bool) -> str:
    return "true" if value else "false"


def _years_text(years: Optional[float]) -> str:
    if years is None:
        return ""
    return str(int(years)) if float(years).is_integer() else str(years)
