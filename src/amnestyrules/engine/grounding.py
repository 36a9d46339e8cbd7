"""From what a lawyer knows to the ground charges an engine can evaluate.

A charge mixes known values with unknown ones. Engines evaluate only fully known ("ground")
charges, so each unknown that can still matter to the decree (a check that reads it is not
already settled by what is known) is replaced, in turn, by every value that could make a
difference: true and false for a fact; for a date or an age, one value on
each side of (and at) every threshold the decree compares it with; for a class or penalty,
each value the decree names plus one it does not. The rulings of all these completions are
then compared (see :mod:`amnestyrules.rulings`): if they agree, the unknown did not matter; if
they differ, the ruling is undetermined and the unknown is a deciding fact. Branching stops as
soon as every relevant check is settled, so a charge with many unknown facts costs only the
branches that matter.

Completions may include combinations that cannot happen together (two independent guesses
about one birth date); that can only widen the set of possible rulings, never hide one, so an
'undetermined' answer is safe and a determined one is certain.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable, Mapping, Optional, Union

import attrs

from amnestyrules.case import derived
from amnestyrules.case.model import Charge, Person
from amnestyrules.engine.caches import IdentityCache
from amnestyrules.engine.checks import CheckTable
from amnestyrules.facts import CHARGE_FACTS, UNKNOWN, Tri
from amnestyrules.law.articles import parse_article
from amnestyrules.law.catalogue import Catalogue
from amnestyrules.law.fields import category_field, fact_field
from amnestyrules.law.model import Decree
from amnestyrules.law.predicates import FalsePred, Predicate, TruePred, all_of, fields, simplify

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


@attrs.frozen
class PartialGround:
    """A charge's known fields plus the list of its unknown ones."""

    known: Mapping[str, Scalar]
    unknown: tuple[str, ...]
    nullable: frozenset[str] = frozenset()
    #: the catalogue's penalty_fits(kind, offence_class)
    fits: Optional[Any] = None
    #: penalty kinds the charged article can carry (None: any its class allows)
    penalties: Optional[tuple[str, ...]] = None
    #: facts that were unknown in the profile and are derived (case.derived), by fact name
    derived: Mapping[str, "derived.Derivation"] = attrs.field(factory=dict)


age_on = derived.age_on


@attrs.frozen
class ChargeGround:
    """What a charge's ground fields are before a decree is chosen: everything but the age on the
    decree's date. Computed once per charge and profile, not once per decree (the derived facts, the
    article's catalogue entry and the age at the offence are the same under every decree)."""

    known: Mapping[str, Scalar]
    unknown: tuple[str, ...]
    nullable: frozenset[str]
    fits: Optional[Any]
    penalties: Optional[tuple[str, ...]]
    derived: Mapping[str, "derived.Derivation"]
    #: the birth date when known (the age on a decree's date is computed from it)
    born: Optional[dt.date]


def partial_ground(charge: Charge, person: Person, decree: Decree, catalogue: Catalogue,
                   as_of: Optional[dt.date] = None) -> PartialGround:
    """Known and unknown ground fields of one charge, for one decree."""
    return at_decree(charge_ground(charge, person, catalogue, as_of), decree)


def at_decree(base: ChargeGround, decree: Decree) -> PartialGround:
    """A charge's ground fields under one decree: the decree-free ones plus the age on its date."""
    known = dict(base.known)
    if base.born is not None:
        known["age_at_issue"] = age_on(base.born, decree.issued)
    return PartialGround(known, base.unknown, base.nullable, base.fits, base.penalties, base.derived)


def charge_ground(charge: Charge, person: Person, catalogue: Catalogue,
                  as_of: Optional[dt.date] = None) -> ChargeGround:
    """The ground fields of one charge that no decree changes (see :func:`partial_ground`)."""
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
    else:
        # The charge sheet names no paragraph: where a decree covers only one paragraph of the
        # article, which paragraph it is decides (or the charge may have none).
        unknown.append("paragraph")
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
    born: Optional[dt.date] = None
    if person.born is UNKNOWN:
        unknown += ["age_at_issue", "age_at_offence"]
    else:
        born = person.born  # type: ignore[assignment]
        if charge.offence_date is UNKNOWN:
            unknown.append("age_at_offence")
        else:
            known["age_at_offence"] = age_on(born, charge.offence_date)  # type: ignore[arg-type]
    if person.incurable_illness is Tri.UNKNOWN:
        unknown.append("person__incurable_illness")
    else:
        known["person__incurable_illness"] = person.incurable_illness is Tri.TRUE
    facts, used = derived.effective_facts(charge, person, catalogue)
    for name in CHARGE_FACTS:
        value = facts.get(name, Tri.UNKNOWN)
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
    return ChargeGround(known, tuple(unknown), frozenset(nullable), catalogue.penalty_fits, info.penalties, used, born)


def candidates(field: str, table: CheckTable, nullable: bool,
               known: Optional[Mapping[str, Scalar]] = None,
               fits: Optional[Any] = None, allowed: Optional[tuple[str, ...]] = None) -> list[object]:
    """The values of an unknown field that can make a difference to this decree.

    A penalty is only tried among the kinds that fit the offence's class when the class is known
    (a misdemeanour is not punished by death: Catalogue.penalty_fits, which the profile loader
    enforces too), so impossible combinations are not reported.
    """
    consts: Iterable[Scalar] = table.constants.get(field, ())
    if field == "penalty" and allowed is not None:
        # The catalogue lists what the article can carry: only those kinds are tried, and 'another
        # kind' only if one of them is a kind no check names.
        named: list[object] = [*sorted(str(c) for c in consts if str(c) in allowed)]
        return named + ([OTHER] if set(allowed) - {str(c) for c in consts} else [])
    if field == "penalty" and known and fits is not None and known.get("offence_class"):
        klass = str(known["offence_class"])
        fitting: list[object] = [*sorted(str(c) for c in consts if fits(str(c), klass))]
        return fitting + [OTHER]
    return field_values(field, consts, nullable)


def field_values(field: str, consts: Iterable[object], nullable: bool = False) -> list[object]:
    """The values of a field that compare differently with the given constants: one per class of
    equivalent values (used for unknowns here and for the reference matrix)."""
    consts = set(consts)
    if field.startswith(("fact__", "cat__", "person__")):
        values: list[object] = [True, False]
    elif field in ENUM_DOMAINS:
        values = list(ENUM_DOMAINS[field])
    elif field in ("penalty", "paragraph") or any(isinstance(c, str) for c in consts):
        values = [*sorted(str(c) for c in consts), OTHER]
    else:  # ordered: days and ages
        ints = sorted({int(c) + d for c in consts for d in (-1, 0, 1) if isinstance(c, (int, float)) and not isinstance(c, bool)})
        values = list(ints) if ints else [0]
    if nullable:
        values.append(ABSENT)
    return values


@attrs.frozen
class Leaf:
    """One ground charge standing for every completion that agrees on the unknowns it fixes."""

    assignment: Mapping[str, object]      # the unknown fields this leaf fixed (ABSENT for 'absent')
    ground: Mapping[str, Scalar]


@attrs.frozen
class Exploration:
    leaves: tuple[Leaf, ...]
    #: (field, children) for every branching: the leaf indices reachable from each value
    branchings: tuple[tuple[str, tuple[tuple[int, ...], ...]], ...]
    relevant: tuple[str, ...]


@attrs.frozen
class _Layout:
    """Which checks belong to which provision (static per decree)."""

    cutoff: tuple[str, ...]
    provisions: tuple[tuple[Any, str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...]
    # (provision, select name, exclusion names, condition names, met names)


#: Layouts per table (engine/caches.py: bounded; a table and its decree are held only while cached).
_LAYOUTS: "IdentityCache[CheckTable, _Layout]" = IdentityCache()


def _layout(table: CheckTable) -> _Layout:
    return _LAYOUTS.get_or_make(table, _make_layout)


def _make_layout(table: CheckTable) -> _Layout:
    from amnestyrules.engine import checks as names
    decree = table.decree
    cutoff = tuple(n for n in (names.cutoff_name(), names.window_name()) if n in table.checks)
    provs = []
    for p in decree.provisions:
        excl = tuple(names.wide_exclusion_name(x.id) for x in decree.exclusions
                     if x.applies_to is None or p.id in x.applies_to)
        excl += tuple(names.own_exclusion_name(p.id, x.id) for x in p.exclusions)
        conds: list[str] = []
        for i, c in enumerate(p.conditions):
            conds += [names.met_name(p.id, i), names.pending_name(p.id, i)]
            if c.dated is not None:
                conds.append(names.dated_name(p.id, i))
        mets = tuple(names.met_name(p.id, i) for i in range(len(p.conditions)))
        provs.append((p, names.select_name(p.id), excl, tuple(conds), mets))
    return _Layout(cutoff, tuple(provs))


def _relevant_checks(layout: _Layout, res: Mapping[str, Predicate]) -> list[str]:
    """The checks that can still change the ruling (by name; their residuals over the unknowns
    left are ``res[name]``).

    After a failed cutoff nothing else matters. A provision whose selector is already false
    cannot matter, nor can its exclusions and conditions; once one exclusion certainly bites,
    the provision's other exclusions no longer change its result; and once a
    provision certainly gives a full pardon, no other provision can do better.
    """
    cutoff = all_of(*(res[n] for n in layout.cutoff))
    if isinstance(cutoff, FalsePred):
        return []
    out: list[str] = list(layout.cutoff)
    for p, sel_name, excl_names, cond_names, met_names in layout.provisions:
        sel = res[sel_name]
        if isinstance(sel, FalsePred):
            continue
        if any(isinstance(res[n], TruePred) for n in excl_names):
            out.append(sel_name)      # excluded unless a condition fails: other exclusions cannot matter
            out += cond_names
            continue
        if (isinstance(sel, TruePred) and all(isinstance(res[n], TruePred) for n in met_names)
                and p.benefit.kind in ("full", "measure")
                and all(isinstance(res[n], FalsePred) for n in excl_names) and isinstance(cutoff, TruePred)):
            return []                 # a certain full pardon: nothing else can change the ruling
        out.append(sel_name)
        out += excl_names
        out += cond_names
    return out


def explore(pg: PartialGround, table: CheckTable, max_leaves: int = MAX_COMPLETIONS) -> Exploration:
    """Try the unknowns that matter, branching only where a check still depends on one.

    Each leaf fixes enough unknowns for every relevant check to be decided; the backend then
    evaluates the leaf's ground charge. The checks are simplified once with what is known and
    then, at each branch, only those that read the field just fixed are simplified again.
    Raises OverflowError past ``max_leaves`` leaves (the request's budget, :mod:`.budget`).
    """
    unknown = frozenset(pg.unknown)
    if unknown.isdisjoint(table.fields):
        # Nothing the decree reads is unknown: the charge is its own single completion.
        return Exploration((Leaf({}, dict(pg.known)),), (), ())
    layout = _layout(table)
    order = list(pg.unknown)
    leaves: list[Leaf] = []
    branchings: list[tuple[str, tuple[tuple[int, ...], ...]]] = []
    seen_relevant: list[str] = []

    def walk(assign: dict[str, object], res: _Residuals, still: frozenset[str]) -> tuple[int, ...]:
        live: set[str] = set()
        for name in _relevant_checks(layout, res):
            live |= res.fields_of(name)
        live &= still
        if not live:
            if len(leaves) >= max_leaves:
                raise OverflowError(len(leaves))
            known = dict(pg.known)
            for f, v in assign.items():
                if v is not ABSENT:
                    known[f] = v  # type: ignore[assignment]
            leaves.append(Leaf(dict(assign), known))
            return (len(leaves) - 1,)
        field = next(f for f in order if f in live)
        if field not in seen_relevant:
            seen_relevant.append(field)
        rest = still - {field}
        known_now = dict(pg.known)
        for f, v in assign.items():
            if v is not ABSENT:
                known_now[f] = v  # type: ignore[assignment]
        children = []
        for value in candidates(field, table, field in pg.nullable, known_now, pg.fits, pg.penalties):
            fixed = {} if value is ABSENT else {field: value}
            child = res.child(field, fixed, rest)  # type: ignore[arg-type]
            children.append(walk({**assign, field: value}, child, rest))
        branchings.append((field, tuple(children)))
        return tuple(i for c in children for i in c)

    try:
        walk({}, _Residuals(table.checks, None, "", pg.known, unknown), unknown)
    finally:
        walk = None  # type: ignore[assignment]   # (the recursive closure refers to itself: free it now)
    return Exploration(tuple(leaves), tuple(branchings), tuple(seen_relevant))


class _Residuals(dict):
    """The checks simplified with what a branch of the exploration knows, each simplified only when
    first read (a provision whose selector is false never has its exclusions simplified), and the
    fields each residual still reads.

    At the root, each check simplified with the known fields; in a branch that fixed ``field``, the
    parent's residual simplified again with that value if it reads the field, else the parent's.
    A residual once computed is a plain dict entry (``__missing__`` runs on the first read only).
    """

    __slots__ = ("checks", "parent", "field", "fixed", "rest", "_fields")

    def __init__(self, checks: Mapping[str, Predicate], parent: Optional["_Residuals"], field: str,
                 fixed: Mapping[str, Scalar], rest: frozenset[str]) -> None:
        super().__init__()
        self.checks, self.parent, self.field, self.fixed, self.rest = checks, parent, field, fixed, rest
        self._fields: dict[str, frozenset[str]] = {}

    def __missing__(self, name: str) -> Predicate:
        parent = self.parent
        if parent is None:
            hit = simplify(self.checks[name], self.fixed, self.rest)
        else:
            hit = parent[name]
            if self.field in parent.fields_of(name):
                hit = simplify(hit, self.fixed, self.rest)
        self[name] = hit
        return hit

    def child(self, field: str, fixed: Mapping[str, Scalar], rest: frozenset[str]) -> "_Residuals":
        """The residuals once ``field`` is fixed: those already computed here that do not read it are
        the child's too (copied at C speed); the others are recomputed when the child reads them."""
        c = _Residuals(self.checks, self, field, fixed, rest)
        kept = {n: f for n, f in self._fields.items() if field not in f}
        c._fields = kept
        dict.update(c, ((n, self[n]) for n in kept))
        return c

    def fields_of(self, name: str) -> frozenset[str]:
        """The fields the residual of check ``name`` still reads."""
        found = self._fields.get(name)
        if found is None:
            pred = self[name]
            parent = self.parent
            found = parent.fields_of(name) if parent is not None and parent[name] is pred else frozenset(fields(pred))
            self._fields[name] = found
        return found


def deciding_name(field: str, charge_id: str, person: Person) -> tuple[Optional[str], str]:
    """How an unknown ground field is shown to the lawyer: (charge id or None, fact name)."""
    if field.startswith("fact__"):
        return charge_id, field[len("fact__"):]
    if field == "offence_day":
        return charge_id, "offence_date"
    if field == "hostage_released_day":
        return charge_id, "hostage_released_on"
    if field in ("offence_class", "penalty", "paragraph"):
        return charge_id, field
    if field == "age_at_offence" and person.born is not UNKNOWN:
        return charge_id, "offence_date"
    if field in ("age_at_issue", "age_at_offence"):
        return None, "born"
    if field == "person__incurable_illness":
        return None, "incurable_illness"
    return None, field
