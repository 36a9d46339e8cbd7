"""The assumptions of an explanation branch, in words a lawyer reads.

A ruling that depends on unknowns is explained branch by branch ("if aged 70 or over on
2019-09-14 (the decree's date): pardoned"). The exploration assigns an unknown one value per
class of values the decree tells apart (engine/grounding.py); this module says which class a
value stands for, against the decree's own thresholds, never the arbitrary value itself.
"""

from __future__ import annotations

import datetime as dt

from amnestyrules.case.model import Charge, Person
from amnestyrules.engine.checks import CheckTable
from amnestyrules.engine.grounding import ABSENT, OTHER, deciding_name


def assumption_text(field: str, value: object, table: CheckTable, charge: Charge, person: Person) -> str:
    """One assumption of a branch, in words a lawyer reads ('aged 70 or over on 2019-09-14')."""
    issued = table.decree.issued.isoformat()
    if field in ("age_at_issue", "age_at_offence") and isinstance(value, int):
        when = f"on {issued} (the decree's date)" if field == "age_at_issue" else "at the offence"
        return f"aged {_threshold(field, value, table)} {when}"
    if field == "offence_day" and isinstance(value, int):
        return f"offence committed {_assumed(field, value, table).replace('= ', '')}"
    name = deciding_name(field, charge.id, person)[1]
    if field == "penalty":
        return "another penalty" if value == OTHER else f"penalty: {value}"
    return f"{name} {_assumed(field, value, table)}"


def _threshold(field: str, value: int, table: CheckTable) -> str:
    consts = sorted(int(c) for c in table.constants.get(field, ()) if not isinstance(c, bool))
    nearest = min(consts, key=lambda c: abs(c - value)) if consts else value
    return f"under {nearest}" if value < nearest else f"{nearest} or over"


def _assumed(field: str, value: object, table: CheckTable) -> str:
    if value is ABSENT:
        return "= not released" if field == "hostage_released_day" else "= absent"
    if isinstance(value, bool):
        return "= " + str(value).lower()
    if value == OTHER:
        return "= another value"
    if isinstance(value, int) and field.endswith("_day"):
        consts = sorted(int(c) for c in table.constants.get(field, ()))
        nearest = min(consts, key=lambda c: abs(c - value)) if consts else value
        day = dt.date.fromordinal(nearest).isoformat()
        return f"before {day}" if value < nearest else f"after {day}" if value > nearest else f"on {day}"
    if isinstance(value, int):
        return _threshold(field, value, table)
    return f"= {value}"
