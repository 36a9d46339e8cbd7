"""A synthetic detainee population, described by its assumptions (a YAML file).

A simulation answers "how many would this decree free?" for a population nobody has a case list
of. Its result is only as good as its assumptions, so the config states every one of them: the
size, the shares held without charge or on a civil claim, the number of charges per person,
the statute and article mix, the offence dates, the share of acts that caused a death, of
foreign nationals, of people at large, and a seed (the same config gives the same population).
An ``assumptions:`` list says, field by field, why each number was chosen and on what source;
the summary prints it beside the results, so a reader never mistakes an assumption for data.

The file is read with the project's safe loader (:mod:`amnestyrules.loading`): plain data,
every error one line naming the field and the form expected. Shares are numbers from 0 to 1; a
distribution is a mapping whose shares sum to 1.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Mapping, Optional, Union

import attrs

from amnestyrules.facts import CHARGE_FACTS, PERSON_FACTS
from amnestyrules.law.articles import parse_article
from amnestyrules.law.catalogue import Catalogue
from amnestyrules.law.model import OFFENCE_CLASSES, STAGES
from amnestyrules.loading import Node, read_data_file

MAX_SIZE = 10_000_000
MAX_CHARGES = 20
#: How far a distribution's shares may stray from 1 (rounding in a hand-written file).
TOLERANCE = 0.001
FIELDS = ("name", "name_ar", "description", "size", "seed", "as_of", "decrees", "held_without_charge", "civil_claim",
          "foreign", "at_large_in_syria", "at_large_abroad", "born", "offence_dates", "charge_counts", "stages",
          "charges", "facts", "unstated_facts", "sentences", "assumptions")
REQUIRED = ("name", "size", "seed", "held_without_charge", "civil_claim", "foreign", "born", "offence_dates",
            "charge_counts", "stages", "charges", "unstated_facts")


@attrs.frozen
class DateRange:
    start: dt.date
    end: dt.date


@attrs.frozen
class ChargeMix:
    """One (statute, article) of the mix, its share of all charges, and what the config adds."""

    statute: str
    article: str
    share: float
    offence_class: Optional[str] = None
    #: fact -> share true, overriding the population-wide shares for this article
    facts: Mapping[str, float] = attrs.field(factory=dict)
    note: str = ""


@attrs.frozen
class Sentence:
    """The penalty of a convicted charge of one class: a kind, and a whole number of years for a
    kind served for a term (not for death, life or a fine)."""

    kinds: Mapping[str, float]
    years: tuple[int, int]


@attrs.frozen
class Assumption:
    field: str
    says: str
    source: str = ""


@attrs.frozen
class PopulationConfig:
    name: str
    size: int
    seed: int
    held_without_charge: float
    civil_claim: float
    foreign: float
    born: DateRange
    offence_dates: DateRange
    charge_counts: Mapping[int, float]
    stages: Mapping[str, float]
    charges: tuple[ChargeMix, ...]
    facts: Mapping[str, float]
    unstated_facts: str                 # 'false' or 'unknown'
    at_large_in_syria: float = 0.0
    at_large_abroad: float = 0.0
    #: by offence class (felony, misdemeanour); a convicted contravention gets contravention detention
    sentences: Optional[Mapping[str, Sentence]] = None
    as_of: Optional[dt.date] = None
    decrees: Optional[tuple[str, ...]] = None
    description: str = ""
    name_ar: str = ""                   # the name in Arabic, for Arabic summaries and charts
    assumptions: tuple[Assumption, ...] = ()
    source_file: str = ""


def load_config(path: Union[str, os.PathLike[str]], catalogue: Catalogue) -> PopulationConfig:
    return parse_config(read_data_file(path), catalogue, str(path))


def parse_config(data: object, catalogue: Catalogue, filename: str = "<config>") -> PopulationConfig:
    node = Node(data, filename)
    node.mapping(allowed=FIELDS, required=REQUIRED)
    held = _share(node.get("held_without_charge"))
    civil = _share(node.get("civil_claim"))
    if held + civil > 1 + TOLERANCE:
        raise node.get("civil_claim").error(
            f"a share of at most {1 - held:g}: held_without_charge and civil_claim are shares of one population "
            f"(a person held without charge is not also on a civil claim here)", civil)
    abroad, in_syria = _share(node.get("at_large_abroad"), 0.0), _share(node.get("at_large_in_syria"), 0.0)
    if abroad + in_syria > 1 + TOLERANCE:
        raise node.get("at_large_in_syria").error(f"a share of at most {1 - abroad:g} (with at_large_abroad, "
                                                  f"of the people on charges)", in_syria)
    stages = _distribution(node.get("stages"), STAGES)
    sentences = _sentences(node.get("sentences"), catalogue)
    if sentences is None and (stages.get("convicted", 0) or stages.get("convicted_in_absentia", 0)):
        raise node.get("sentences").error("a mapping (felony, misdemeanour): the stages include "
                                          "convictions, whose penalties the population needs")
    unstated = node.get("unstated_facts")
    unstated_text = "false" if unstated.value is False else str(unstated.value).strip().lower()
    if unstated_text not in ("false", "unknown"):
        raise unstated.error("false or unknown (the value of every fact the config gives no share)", unstated.value)
    return PopulationConfig(
        name=node.get("name").str() or "",
        name_ar=node.get("name_ar").str(required=False) or "",
        description=node.get("description").str(required=False) or "",
        size=node.get("size").int(minimum=1, maximum=MAX_SIZE) or 1,
        seed=node.get("seed").int(minimum=0, maximum=2**63) or 0,
        as_of=node.get("as_of").date(required=False),
        decrees=_decrees(node.get("decrees")),
        held_without_charge=held, civil_claim=civil, foreign=_share(node.get("foreign")),
        at_large_in_syria=in_syria, at_large_abroad=abroad,
        born=_range(node.get("born")), offence_dates=_range(node.get("offence_dates")),
        charge_counts=_counts(node.get("charge_counts")), stages=stages,
        charges=_mix(node.get("charges"), catalogue),
        facts=_facts(node.get("facts")), unstated_facts=unstated_text, sentences=sentences,
        assumptions=_assumptions(node.get("assumptions")), source_file=filename)


def _share(n: Node, default: Optional[float] = None) -> float:
    if n.value is None and default is not None:
        return default
    value = n.number(minimum=0, maximum=1)
    return float(value if value is not None else 0.0)


def _distribution(n: Node, choices: Optional[tuple[str, ...]] = None) -> dict[str, float]:
    n.mapping(allowed=choices)
    if not n.value:
        raise n.error("a mapping of shares summing to 1", n.value)
    out = {str(k): _share(v) for k, v in n.items()}
    total = sum(out.values())
    if abs(total - 1) > TOLERANCE:
        raise n.error("shares summing to 1", f"a sum of {total:g}")
    return out


def _counts(n: Node) -> dict[int, float]:
    """{charges per person: share}; the keys are whole numbers (YAML reads ``1:`` as one)."""
    if not isinstance(n.value, dict) or not n.value:
        raise n.error("a mapping {number of charges: share} whose shares sum to 1", n.value)
    out: dict[int, float] = {}
    for key, value in n.value.items():
        text = str(key).strip()
        if isinstance(key, bool) or not text.isdecimal() or not 1 <= int(text) <= MAX_CHARGES:
            raise n.error(f"a number of charges from 1 to {MAX_CHARGES} as each key", key)
        out[int(text)] = _share(Node(value, n.file, f"{n.path}.{text}"))
    total = sum(out.values())
    if abs(total - 1) > TOLERANCE:
        raise n.error("shares summing to 1", f"a sum of {total:g}")
    return out


def _range(n: Node) -> DateRange:
    n.mapping(allowed=("from", "to"), required=("from", "to"))
    start, end = n.get("from").date(), n.get("to").date()
    if end < start:
        raise n.get("to").error(f"a date on or after 'from' ({start})", str(end))
    return DateRange(start, end)


def _decrees(n: Node) -> Optional[tuple[str, ...]]:
    if n.value is None or n.value == "all":
        return None
    ids: tuple[str, ...] = tuple(n.str_list())
    if not ids:
        raise n.error("a list of decree ids, or all")
    return ids


def _mix(n: Node, catalogue: Catalogue) -> tuple[ChargeMix, ...]:
    items = n.list()
    if not items:
        raise n.error("a list of {statute, article, share} (the charges the population is held on)")
    out = []
    for item in items:
        item.mapping(allowed=("statute", "article", "share", "class", "facts", "note"),
                     required=("statute", "article", "share"))
        statute = item.get("statute").str() or ""
        catalogue.statute(statute, item.get("statute"))
        article = item.get("article").str() or ""
        ref = parse_article(article)
        if ref is None:
            raise item.get("article").error("an article number such as 8, 103(4) or 556 bis", article)
        klass = item.get("class").enum(OFFENCE_CLASSES, required=False)
        if klass is None and catalogue.article_info(statute, ref).offence_class is None:
            raise item.get("class").error(f"one of {', '.join(OFFENCE_CLASSES)}: the catalogue does not settle the "
                                          f"class of {statute} Art. {article}, so the config must assume one")
        out.append(ChargeMix(statute, article, _share(item.get("share")), klass,
                             _facts(item.get("facts")), item.get("note").str(required=False) or ""))
    total = sum(m.share for m in out)
    if abs(total - 1) > TOLERANCE:
        raise n.error("charges whose shares sum to 1", f"a sum of {total:g}")
    return tuple(out)


def _facts(n: Node) -> dict[str, float]:
    if n.value is None:
        return {}
    n.mapping(allowed=tuple(CHARGE_FACTS) + tuple(PERSON_FACTS))
    return {k: _share(v) for k, v in n.items()}


def _sentences(n: Node, catalogue: Catalogue) -> Optional[dict[str, Sentence]]:
    if n.value is None:
        return None
    n.mapping(allowed=("felony", "misdemeanour"), required=("felony", "misdemeanour"))
    out = {}
    for klass in ("felony", "misdemeanour"):
        entry = n.get(klass)
        entry.mapping(allowed=("kinds", "years"), required=("kinds", "years"))
        kinds = _distribution(entry.get("kinds"), tuple(catalogue.penalties))
        for kind in kinds:
            if not catalogue.penalty_fits(kind, klass):
                raise entry.get("kinds").error(f"penalty kinds a {klass} can carry", kind, key=kind)
        years = entry.get("years")
        years.mapping(allowed=("from", "to"), required=("from", "to"))
        low = years.get("from").int(minimum=0, maximum=99) or 0
        high = years.get("to").int(minimum=low, maximum=99) or low
        out[klass] = Sentence(kinds, (low, high))
    return out


def _assumptions(n: Node) -> tuple[Assumption, ...]:
    out = []
    for item in n.list():
        item.mapping(allowed=("field", "says", "source"), required=("field", "says"))
        field = item.get("field").str() or ""
        if field.split(".")[0] not in FIELDS:
            raise item.get("field").error("a field of this config", field)
        out.append(Assumption(field, item.get("says").str() or "", item.get("source").str(required=False) or ""))
    return tuple(out)

