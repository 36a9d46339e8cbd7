"""The public strategies: charges, persons and profiles of stacked charges."""

from __future__ import annotations

import string
from typing import Optional, Union

from hypothesis import reject
from hypothesis import strategies as st

from amnestyrules.case.model import Charge, Detention, Person, Profile
from amnestyrules.law.corpus import Corpus
from amnestyrules.law.fields import category_field
from amnestyrules.law.model import (
    Exclusion,
    Provision,
)
from amnestyrules.law.predicates import (
    Eq,
    Predicate,
    all_of,
    negate,
)
from amnestyrules.law.rulefiles import cutoff_predicate
from amnestyrules.testing._dates import _interesting
from amnestyrules.testing._draw import DecreeArg, Draw, _between, _corpus, _decree, _pick, _rate
from amnestyrules.testing._realise import _as_predicate, _Context, _realise, _realise_person, _seed_from_person
from amnestyrules.testing._solver import Wants, _solve

_ID_ALPHABET = string.ascii_lowercase + string.digits + "-_"
_charge_ids = st.text(_ID_ALPHABET, min_size=1, max_size=6).map(lambda s: "c" + s)
#: Suffixes for the i-th charge id 'c<i><suffix>': no digits, so the ids are unique by
#: construction (drawing unique ids by filtering wastes examples).
_ID_SUFFIXES = st.text(string.ascii_lowercase + "-_", max_size=4)


@st.composite
def _charge_person(draw: Draw, ctx: _Context, person: Optional[Person], charge_id: str,
                   matching: Optional[Predicate], in_scope: bool, before_cutoff: Optional[bool],
                   strict: bool = False) -> tuple[Charge, Person]:
    """One charge (and its person, when none is given), steered by a predicate.

    ``in_scope``: a provision of the context's decree is drawn (afresh on each attempt) and
    its selector joins the goal. When no attempt can be realised, a ``strict`` draw (or one
    with an explicit ``matching`` / ``before_cutoff``) is rejected; otherwise any valid
    charge is drawn instead, so a person some provisions cannot reach still gets charges.
    """
    d = ctx.decree
    base: list[Predicate] = [matching] if matching is not None else []
    if d is not None and before_cutoff is not None:
        cut = cutoff_predicate(d.cutoff, d.cutoff_rule)
        base.append(cut if before_cutoff else negate(cut))
    seed: Wants = _seed_from_person(person, ctx) if person is not None else {}
    for _attempt in range(4):
        goals = list(base)
        if d is not None and in_scope:
            goals.append(_pick(draw, d.provisions).selector)
        wants = _solve(draw, all_of(*goals), seed) if goals else seed
        if wants is None:
            continue
        result = _realise(draw, wants, ctx, person, charge_id)
        if result is not None:
            return result
    if strict or matching is not None or before_cutoff is not None:
        reject()  # the caller asked for something this draw could not meet
    result = _realise(draw, seed, ctx, person, charge_id)
    if result is None:
        reject()
    return result


def charges(*, corpus: Optional[Corpus] = None, person: Optional[Person] = None, statute: Optional[str] = None,
            category: Optional[str] = None, decree: DecreeArg = None,
            matching: Union[Predicate, Provision, Exclusion, None] = None, unknown_rate: float = 0.2,
            charge_id: Optional[str] = None, before_cutoff: Optional[bool] = None) -> st.SearchStrategy[Charge]:
    """Valid charges: a (statute, article) pair from the catalogue, a stage, a penalty, dates and facts.

    * ``statute`` / ``category``: only articles of that statute / in that catalogue category;
    * ``decree``: only charges some provision of the decree selects (its scope), a provision
      drawn at random each time; ``before_cutoff`` True/False also puts the offence date on
      that side of the decree's cutoff (as the decree defines it);
    * ``matching``: a predicate of a compiled decree (or a Provision / Exclusion, meaning its
      selector / its ``when``) the charge should satisfy;
    * ``person``: the charge's dates respect this person's birth date (default: a person is
      drawn and then discarded; use :func:`profiles` to keep them together);
    * ``unknown_rate``: the chance that each fact, date or class the steer leaves free is unknown.

    Example::

        >>> charges(category="terrorism", unknown_rate=0).example()   # doctest: +SKIP
        Charge(id='c0', statute='counter-terrorism-law', article='3', paragraph=None, ...)
    """

    @st.composite
    def build(draw: Draw) -> Charge:
        c = _corpus(corpus)
        d = _decree(decree, c)
        ctx = _Context(c, d, unknown_rate, _interesting(d, c))
        goal = _goal(_as_predicate(matching), statute, category, c)
        cid = charge_id or draw(_charge_ids)
        charge: Charge
        charge, _ = draw(_charge_person(ctx, person, cid, goal, d is not None, before_cutoff, strict=True))
        return charge

    return build()


def _goal(matching: Optional[Predicate], statute: Optional[str], category: Optional[str],
          corpus: Corpus) -> Optional[Predicate]:
    parts: list[Predicate] = [matching] if matching is not None else []
    if statute is not None:
        corpus.catalogue.statute(statute)   # an unknown statute is the test author's typo: say so
        parts.append(Eq("statute", statute))
    if category is not None:
        if category not in corpus.catalogue.categories:
            raise ValueError(f"unknown category {category!r}; known: {', '.join(corpus.catalogue.categories)}")
        parts.append(Eq(category_field(category), True))
    return all_of(*parts) if parts else None


def persons(*, corpus: Optional[Corpus] = None, decree: DecreeArg = None,
            unknown_rate: float = 0.2) -> st.SearchStrategy[Person]:
    """Persons: nationality, birth date, illness, whereabouts and surrender date, any of them unknown.

    Birth dates run from 1920 to today; with a decree, birth dates that put the person just
    under or over one of its age limits on the issue date are drawn often::

        >>> persons(decree="LD-7-2022").example()     # doctest: +SKIP
        Person(nationality='syrian', born=datetime.date(1990, 1, 1), ...)
    """

    @st.composite
    def build(draw: Draw) -> Person:
        c = _corpus(corpus)
        d = _decree(decree, c)
        ctx = _Context(c, d, unknown_rate, _interesting(d, c))
        p = _realise_person(draw, {}, ctx, None)
        if p is None:
            reject()
        return p

    return build()


def profiles(*, min_charges: int = 1, max_charges: int = 6, unknown_rate: float = 0.2,
             corpus: Optional[Corpus] = None, decree: DecreeArg = None,
             matching: Union[Predicate, Provision, Exclusion, None] = None,
             statute: Optional[str] = None, category: Optional[str] = None,
             in_scope_rate: float = 0.85, before_cutoff_rate: float = 0.75,
             held_rate: float = 0.1) -> st.SearchStrategy[Profile]:
    """Profiles with ``min_charges``..``max_charges`` stacked charges, unique ids, one person.

    * ``decree``: each charge is in the decree's scope with probability ``in_scope_rate``, and
      committed before its cutoff with probability ``before_cutoff_rate``;
    * ``matching``: the *first* charge (and the person) satisfy this predicate / provision /
      exclusion (see :func:`truth` to check it for certain);
    * ``unknown_rate``: the chance that each free fact, date, nationality or class is unknown;
    * ``held_rate``: the chance of each of the two holds an amnesty cannot lift (held without
      charge, civil claim). A profile with no charge is always held one way or the other
      (the loader refuses a profile with nothing holding the person).

    Example::

        >>> from amnestyrules.testing import profiles
        >>> p = profiles(decree="LD-7-2022", max_charges=3).example()     # doctest: +SKIP
        >>> [c.statute for c in p.charges]                                # doctest: +SKIP
        ['counter-terrorism-law', 'penal-code']
    """
    if not 0 <= min_charges <= max_charges:
        raise ValueError("need 0 <= min_charges <= max_charges")

    @st.composite
    def build(draw: Draw) -> Profile:
        c = _corpus(corpus)
        d = _decree(decree, c)
        ctx = _Context(c, d, unknown_rate, _interesting(d, c))
        n = _between(draw, min_charges, max_charges)
        ids = [f"c{i}{draw(_ID_SUFFIXES)}" for i in range(n)]
        goal = _goal(_as_predicate(matching), statute, category, c)
        out: list[Charge] = []
        person: Optional[Person] = None
        for i, cid in enumerate(ids):
            in_scope = d is not None and _rate(draw, in_scope_rate)
            before = _rate(draw, before_cutoff_rate) if d is not None and in_scope else None
            first_goal = goal if i == 0 else _goal(None, statute, category, c)
            if i == 0 and matching is not None:
                in_scope, before = False, None
            charge, person = draw(_charge_person(ctx, person, cid, first_goal, in_scope, before))
            out.append(charge)
        if person is None:
            person = draw(persons(corpus=c, decree=d, unknown_rate=unknown_rate))
        held = _rate(draw, held_rate)
        civil = _rate(draw, held_rate)
        if not out and not (held or civil):
            held, civil = _pick(draw, ((True, False), (False, True), (True, True)))
        pid = "p-" + draw(st.text(_ID_ALPHABET, min_size=1, max_size=8))
        return Profile(pid, person, tuple(out), Detention(held, civil))

    return build()


