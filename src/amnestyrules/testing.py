"""Hypothesis strategies for amnestyrules: charges, persons, profiles and decrees.

Researchers state claims about a decree ("under LD-7-2022 no charge whose act caused a death is
ever pardoned") and let Hypothesis look for a counter-example. These strategies produce the
inputs such a search needs, and they are *derived from the model*, never from hand-kept lists:

* statutes, articles, categories and penalty kinds come from the statute catalogue;
* nationalities, whereabouts, stages and offence classes from :mod:`amnestyrules.model`;
* charge facts from :data:`amnestyrules.facts.CHARGE_FACTS`;
* match keys and condition kinds (for synthetic decrees) from :mod:`amnestyrules.rulefiles`;
* "interesting" dates and ages (cutoffs, deadlines, age limits) from the decree's own compiled
  checks, so boundaries such as "the day of the cutoff" are drawn often.

When a new fact, nationality or statute is added to the model or the catalogue, the strategies
draw it without any change here. Every profile drawn is one the loader would accept: dates are
real calendar dates, an offence is never before the person's birth nor after today, a penalty
never starts before the offence and its kind is one the charge's offence class can carry
(:meth:`~amnestyrules.catalogue.Catalogue.penalty_fits`), charge ids are unique.

Worked example: a claim about LD-7-2022 in a few lines::

    from hypothesis import given
    from amnestyrules import Tri, evaluate
    from amnestyrules.testing import profiles

    @given(profiles(decree="LD-7-2022", max_charges=4))
    def test_no_charge_that_caused_a_death_is_pardoned(profile):
        outcome = evaluate(profile, "LD-7-2022")
        for charge in profile.charges:
            if charge.fact("caused_death") is Tri.TRUE:
                assert outcome.ruling_for(charge.id).ruling != "pardoned"

``profiles(decree=...)`` steers most charges into the decree's scope (a provision selects
them), so the claim is tested on charges the decree actually acts on, not only on charges it
ignores. To draw charges that satisfy a particular rule (an exclusion, a provision's selector,
any predicate of the compiled decree), pass ``matching=``; :func:`truth` then tells whether the
drawn charge satisfies it for certain (unknown facts make the answer unknown)::

    death = decree.exclusions[0]                      # read from the Decree model
    @given(profiles(decree=decree, matching=death.when))
    def test(profile):
        first = profile.charges[0]
        assume(truth(death.when, first, profile.person, decree) is Tri.TRUE)
        ...

The module is public API: import it in your own tests (it needs ``hypothesis`` installed,
which the ``test`` extra provides).
"""

from __future__ import annotations

import datetime as dt
import string
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence, Union

import attrs
from dateutil.relativedelta import relativedelta
from hypothesis import reject
from hypothesis import strategies as st

from .articles import ArticleRef
from .catalogue import Catalogue
from .checks import check_table
from .corpus import Corpus, default_corpus
from .errors import DecreeConflictError
from .facts import CHARGE_FACTS, Tri
from .grounding import age_on, category_field, fact_field, partial_ground
from .loading import Node
from .model import (BENEFIT_KINDS, CONFIDENCE, CUTOFF_RULES, DECREE_KINDS, NATIONALITIES, OFFENCE_CLASSES,
                    STAGES, UNKNOWN, WHEREABOUTS, Charge, Decree, Detention, Exclusion, Outcome, Penalty, Person,
                    Profile, Provision)
from .predicates import (And, Cmp, Eq, Exists, FalsePred, In, Not, Or, Predicate, TruePred, all_of, holds,
                         negate)
from .rulefiles import AT_LARGE, CONDITION_KINDS, MATCH_KEYS, cutoff_predicate, load_decree

__all__ = [
    "charges", "persons", "profiles", "decrees", "decree_data", "offence_dates", "as_of_dates",
    "completions", "unknowns", "fill_unknown", "truth", "to_profile_data", "outcome_signature",
    "KNOWN_NATIONALITIES", "EARLIEST_BIRTH", "GENERATED_CONDITION_KINDS", "GENERATED_MATCH_KEYS",
]

#: Nationalities a person can be known to have (the model's list without 'unknown').
KNOWN_NATIONALITIES: tuple[str, ...] = tuple(n for n in NATIONALITIES if n != "unknown")
#: The earliest birth date drawn (the loader accepts 1900; nobody that old is still charged).
EARLIEST_BIRTH = dt.date(1920, 1, 1)
#: Where uniform offence dates are concentrated (the amnesty decrees start in 2011).
RECENT = dt.date(2005, 1, 1)

DecreeArg = Union[Decree, str, None]


def _today() -> dt.date:
    return dt.date.today()


def _corpus(corpus: Optional[Corpus]) -> Corpus:
    return corpus if corpus is not None else default_corpus()


def _decree(decree: DecreeArg, corpus: Corpus) -> Optional[Decree]:
    if decree is None or isinstance(decree, Decree):
        return decree
    return corpus.decree(decree)


# Choices whose bounds are only known at draw time are made by arithmetic on one shared
# strategy: building a fresh st.integers / st.sampled_from per draw costs more than the
# evaluation under test. The shared strategy draws one base-100 digit: Hypothesis draws a
# small range near-uniformly, whereas st.integers(0, 9999) favours small numbers so much that
# "true with probability 0.1" came out true about half the time. Shrinking still goes
# towards 0: the first option, the low bound, "false".
_DIGIT = st.sampled_from(range(100))
_SMALL: dict[int, st.SearchStrategy[int]] = {}


def _uniform(draw: Callable, n: int) -> int:
    """An integer in [0, n), near-uniformly (shrinks towards 0)."""
    if n <= 1:
        return 0
    if n <= 100:
        strategy = _SMALL.get(n)
        if strategy is None:
            strategy = _SMALL[n] = st.sampled_from(range(n))
        return draw(strategy)
    value, span = 0, 1
    while span < 100 * n:          # enough digits that the modulo below is near-uniform
        value, span = value * 100 + draw(_DIGIT), span * 100
    return value % n


def _between(draw: Callable, lo: int, hi: int) -> int:
    """An integer in [lo, hi] (shrinks towards lo)."""
    return lo if hi <= lo else lo + _uniform(draw, hi - lo + 1)


def _pick(draw: Callable, options: Sequence[Any]) -> Any:
    """One of ``options`` (shrinks towards the first)."""
    return options[_uniform(draw, len(options))]


def _chance(draw: Callable, numerator: int, denominator: int) -> bool:
    """True with probability numerator/denominator (st.booleans is always 1/2)."""
    return _uniform(draw, denominator) < numerator


def _rate(draw: Callable, rate: float) -> bool:
    """True with probability ``rate`` (to 1/10,000)."""
    if rate <= 0:
        return False
    if rate >= 1:
        return True
    return _uniform(draw, 10_000) < round(rate * 10_000)


def _date_between(draw: Callable, lo: dt.date, hi: dt.date) -> dt.date:
    return dt.date.fromordinal(_between(draw, lo.toordinal(), hi.toordinal()))


# =========================================================================== dates

_INTERESTING: dict[int, tuple[Decree, dict[str, tuple[int, ...]]]] = {}


def _interesting(decree: Optional[Decree], corpus: Corpus) -> dict[str, tuple[int, ...]]:
    """Per ground field, the values the decree compares it with (thresholds to probe).

    Read off the decree's compiled checks, so a new deadline or age limit is probed without
    any change here. Without a decree: the union over the corpus.
    """
    decrees = [decree] if decree is not None else list(corpus)
    out: dict[str, set[int]] = {}
    for d in decrees:
        cached = _INTERESTING.get(id(d))
        if cached is None or cached[0] is not d:
            table = check_table(d)
            consts = {f: tuple(sorted(int(v) for v in vs if isinstance(v, int) and not isinstance(v, bool)))
                      for f, vs in table.constants.items()}
            consts.setdefault("offence_day", ())
            consts["offence_day"] = tuple(sorted(set(consts["offence_day"]) |
                                                 {d.cutoff.toordinal(), d.issued.toordinal()}))
            cached = (d, consts)
            _INTERESTING[id(d)] = cached
        for f, vs in cached[1].items():
            out.setdefault(f, set()).update(vs)
    return {f: tuple(sorted(v)) for f, v in out.items()}


#: Where most offence dates fall (the decrees start in 2011) and most birth dates.
TYPICAL_OFFENCES = (RECENT, None)
TYPICAL_BIRTHS = (dt.date(1945, 1, 1), dt.date(2004, 12, 31))


def _pick_date(draw: Callable, lo: dt.date, hi: dt.date, days: Iterable[int] = (),
               typical: tuple[Optional[dt.date], Optional[dt.date]] = TYPICAL_OFFENCES) -> dt.date:
    """A date in [lo, hi]: often on or next to one of ``days`` (the decree's thresholds), often
    in the ``typical`` part of the window, sometimes anywhere, now and then at an end."""
    near = sorted({d + k for d in days for k in (-1, 0, 1) if lo.toordinal() <= d + k <= hi.toordinal()})
    t_lo = max(lo, typical[0]) if typical[0] else lo
    t_hi = min(hi, typical[1]) if typical[1] else hi
    how = _uniform(draw, 10)
    if how < 2:
        return _date_between(draw, lo, hi)
    if how == 2:
        return lo if _chance(draw, 1, 2) else hi
    if how < 6 or not near:
        return _date_between(draw, t_lo, t_hi) if t_lo <= t_hi else _date_between(draw, lo, hi)
    return dt.date.fromordinal(_pick(draw, near))


def offence_dates(*, born: Optional[dt.date] = None, decree: DecreeArg = None,
                  corpus: Optional[Corpus] = None, latest: Optional[dt.date] = None) -> st.SearchStrategy[dt.date]:
    """Offence dates the loader accepts: not before ``born``, not after ``latest`` (default today).

    Boundary days of the decree (its cutoff, deadlines, the day before and after) are drawn
    often, because that is where "before" and "on or before" differ::

        >>> from amnestyrules.testing import offence_dates
        >>> offence_dates(born=dt.date(1990, 1, 1), decree="LD-7-2022").example()  # doctest: +SKIP
        datetime.date(2022, 4, 29)
    """

    @st.composite
    def build(draw: Callable) -> dt.date:
        c = _corpus(corpus)
        lo = born if born is not None else EARLIEST_BIRTH
        hi = latest or _today()
        if lo > hi:
            reject()
        return _pick_date(draw, lo, hi, _interesting(_decree(decree, c), c).get("offence_day", ()))

    return build()


def as_of_dates(*, decree: DecreeArg = None, corpus: Optional[Corpus] = None) -> st.SearchStrategy[Optional[dt.date]]:
    """``None`` (no as-of date) or a question date near the decree's deadlines."""

    @st.composite
    def build(draw: Callable) -> Optional[dt.date]:
        c = _corpus(corpus)
        d = _decree(decree, c)
        if draw(st.booleans()):
            return None
        days = _interesting(d, c)
        near = set(days.get("as_of_day", ())) | set(days.get("surrendered_day", ())) | \
            set(days.get("hostage_released_day", ()))
        lo = d.issued if d is not None else dt.date(2011, 1, 1)
        hi = max(_today(), lo)
        return _pick_date(draw, lo, hi, near)

    return build()


# =========================================================================== the solver
#
# A decree's selectors, exclusions and conditions are predicates over a *ground charge* (see
# amnestyrules.grounding). To draw a charge that a rule reaches, we draw a *witness*: one
# assignment of ground fields that makes the predicate hold (choosing a branch of each Or),
# then realise it as a Charge and a Person. The witness is a steer, not a proof: callers that
# need certainty check the drawn charge with truth().

_UNSET = object()


@attrs.define
class _Want:
    """What a witness requires of one ground field."""

    eq: Any = _UNSET
    ne: set = attrs.field(factory=set)
    lo: Optional[int] = None
    hi: Optional[int] = None
    present: Optional[bool] = None

    def copy(self) -> "_Want":
        return _Want(self.eq, set(self.ne), self.lo, self.hi, self.present)

    def allows(self, value: Any) -> bool:
        if self.present is False:
            return False
        if self.eq is not _UNSET and not _same(self.eq, value):
            return False
        if any(_same(value, n) for n in self.ne):
            return False
        if isinstance(value, int) and not isinstance(value, bool):
            if self.lo is not None and value < self.lo:
                return False
            if self.hi is not None and value > self.hi:
                return False
        return True

    @property
    def fixed(self) -> bool:
        return self.eq is not _UNSET


def _same(a: Any, b: Any) -> bool:
    """Equality that keeps True and 1 apart (ground values are str, int or bool)."""
    return type(a) is type(b) and a == b


Wants = dict[str, _Want]

_LEAVES = (Eq, In, Cmp, Exists)
_FLIP = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}


def _with(wants: Wants, field: str) -> tuple[Wants, _Want]:
    new = dict(wants)
    w = new[field] = (wants.get(field) or _Want()).copy()
    return new, w


def _bound(w: _Want, op: str, value: int) -> bool:
    if op == "<":
        w.hi = value - 1 if w.hi is None else min(w.hi, value - 1)
    elif op == "<=":
        w.hi = value if w.hi is None else min(w.hi, value)
    elif op == ">":
        w.lo = value + 1 if w.lo is None else max(w.lo, value + 1)
    else:
        w.lo = value if w.lo is None else max(w.lo, value)
    if w.present is False:
        return False
    w.present = True
    if w.lo is not None and w.hi is not None and w.lo > w.hi:
        return False
    return w.eq is _UNSET or w.allows(w.eq)


def _solve(draw: Callable, pred: Predicate, wants: Wants) -> Optional[Wants]:
    """Extend ``wants`` so that ``pred`` holds, or None when the branch drawn conflicts."""
    if isinstance(pred, TruePred):
        return wants
    if isinstance(pred, FalsePred):
        return None
    if isinstance(pred, Eq):
        wants, w = _with(wants, pred.field)
        if not w.allows(pred.value):
            return None
        w.eq, w.present = pred.value, True
        return wants
    if isinstance(pred, In):
        options = [v for v in pred.values if (wants.get(pred.field) or _Want()).allows(v)]
        if not options:
            return None
        return _solve(draw, Eq(pred.field, _pick(draw, options)), wants)
    if isinstance(pred, Cmp):
        wants, w = _with(wants, pred.field)
        return wants if _bound(w, pred.op, pred.value) else None
    if isinstance(pred, Exists):
        wants, w = _with(wants, pred.field)
        if w.present is False:
            return None
        w.present = True
        return wants
    if isinstance(pred, Not):
        inner = pred.operand
        if isinstance(inner, Eq):
            wants, w = _with(wants, inner.field)
            if w.fixed and _same(w.eq, inner.value):
                return None
            w.ne.add(inner.value)
            return wants
        if isinstance(inner, In):
            wants, w = _with(wants, inner.field)
            if w.fixed and any(_same(w.eq, v) for v in inner.values):
                return None
            w.ne.update(inner.values)
            return wants
        if isinstance(inner, Cmp):
            return _solve(draw, Cmp(inner.field, _FLIP[inner.op], inner.value), wants)
        if isinstance(inner, Exists):
            wants, w = _with(wants, inner.field)
            if w.present is True:
                return None
            w.present = False
            return wants
        return _solve(draw, negate(inner), wants)
    if isinstance(pred, And):
        # Leaves first: they fix values that the compound operands must then respect.
        ordered = sorted(pred.operands, key=lambda p: 0 if isinstance(p, _LEAVES) or
                         (isinstance(p, Not) and isinstance(p.operand, _LEAVES)) else 1)
        for op in ordered:
            result = _solve(draw, op, wants)
            if result is None:
                return None
            wants = result
        return wants
    if isinstance(pred, Or):
        n = len(pred.operands)
        start = _between(draw, 0, n - 1)
        for k in range(min(n, 6)):
            result = _solve(draw, pred.operands[(start + k) % n], wants)
            if result is not None:
                return result
        return None
    raise TypeError(f"not a predicate: {pred!r}")


# =========================================================================== truth

def truth(pred: Predicate, charge: Charge, person: Person, decree: Decree,
          corpus: Optional[Corpus] = None, as_of: Optional[dt.date] = None) -> Tri:
    """Does ``pred`` hold for this charge? TRUE / FALSE for certain, UNKNOWN if an unknown decides.

    Three-valued (Kleene) evaluation over the charge's known fields: a comparison on an
    unknown field is unknown. TRUE means the predicate holds whatever the unknowns turn out
    to be, which is what a claim such as "a charge the death exclusion catches is never
    pardoned" needs. It is computed independently of the engine's own completion search.
    """
    c = _corpus(corpus)
    pg = partial_ground(charge, person, decree, c.catalogue, as_of)
    return _kleene(pred, pg.known, frozenset(pg.unknown))


def _kleene(pred: Predicate, known: Mapping[str, Any], unknown: frozenset[str]) -> Tri:
    if isinstance(pred, (TruePred, FalsePred)):
        return Tri.TRUE if isinstance(pred, TruePred) else Tri.FALSE
    if isinstance(pred, _LEAVES):
        if pred.field in unknown:
            return Tri.UNKNOWN
        return Tri.TRUE if holds(pred, known) else Tri.FALSE
    if isinstance(pred, Not):
        inner = _kleene(pred.operand, known, unknown)
        return {Tri.TRUE: Tri.FALSE, Tri.FALSE: Tri.TRUE, Tri.UNKNOWN: Tri.UNKNOWN}[inner]
    values = [_kleene(op, known, unknown) for op in pred.operands]  # type: ignore[union-attr]
    if isinstance(pred, And):
        if Tri.FALSE in values:
            return Tri.FALSE
        return Tri.TRUE if all(v is Tri.TRUE for v in values) else Tri.UNKNOWN
    if Tri.TRUE in values:
        return Tri.TRUE
    return Tri.FALSE if all(v is Tri.FALSE for v in values) else Tri.UNKNOWN


# =========================================================================== articles

@attrs.frozen
class _Article:
    statute: str
    number: int
    categories: frozenset[str]
    offence_class: Optional[str]


_POOLS: dict[int, tuple[Catalogue, dict[tuple[str, int], _Article]]] = {}
#: Article numbers drawn for a statute whose catalogue entry lists no articles.
_OPEN_STATUTE_NUMBERS = (1, 2, 3, 5, 10, 20, 50, 100)


def _article(catalogue: Catalogue, statute: str, number: int) -> _Article:
    cached = _POOLS.get(id(catalogue))
    if cached is None or cached[0] is not catalogue:
        cached = (catalogue, {})
        _POOLS[id(catalogue)] = cached
    key = (statute, number)
    art = cached[1].get(key)
    if art is None:
        info = catalogue.article_info(statute, ArticleRef(number))
        art = _Article(statute, number, frozenset(info.categories), info.offence_class)
        cached[1][key] = art
    return art


def _catalogued_numbers(catalogue: Catalogue, statute: str) -> list[int]:
    """Article numbers the catalogue describes for a statute (entry bounds and middles)."""
    entries = [e for e in catalogue.statutes[statute].articles if e.first is not None and e.last is not None]
    if not entries:
        return list(_OPEN_STATUTE_NUMBERS)
    nums: set[int] = set()
    for e in entries:
        nums.update({e.first, e.last, (e.first + e.last) // 2})  # type: ignore[operator]
    return sorted(nums)


_CATALOGUED: dict[int, tuple[Catalogue, dict[str, tuple[_Article, ...]]]] = {}


def _catalogued(catalogue: Catalogue, statute: str) -> tuple[_Article, ...]:
    cached = _CATALOGUED.get(id(catalogue))
    if cached is None or cached[0] is not catalogue:
        cached = (catalogue, {})
        _CATALOGUED[id(catalogue)] = cached
    arts = cached[1].get(statute)
    if arts is None:
        arts = tuple(_article(catalogue, statute, n) for n in _catalogued_numbers(catalogue, statute))
        cached[1][statute] = arts
    return arts


def _choose_article(draw: Callable, catalogue: Catalogue, wants: Wants,
                    numbers_of_interest: Sequence[int]) -> Optional[_Article]:
    """An article of the catalogue meeting the statute, article-number and category wants."""
    sw = wants.get("statute") or _Want()
    statutes = [s for s in catalogue.statutes if sw.allows(s)]
    if not statutes:
        return None
    aw = wants.get("article_num") or _Want()
    extra: set[int] = set()
    if aw.fixed:
        extra.add(aw.eq)
    for bound in (aw.lo, aw.hi):
        if bound is not None and 0 <= bound <= 9999:
            extra.add(bound)
    if aw.lo is not None and aw.hi is not None and 0 <= aw.lo <= aw.hi <= 9999:
        extra.add(_between(draw, aw.lo, aw.hi))
    if sw.fixed and not aw.fixed and aw.lo is None and aw.hi is None:
        # The decree's own article numbers, for the statute it names.
        extra |= {n for n in numbers_of_interest if 0 < n < 10000}
    cat_need = {f[len("cat__"):] for f, w in wants.items() if f.startswith("cat__") and w.fixed and w.eq is True}
    cat_ban = {f[len("cat__"):] for f, w in wants.items()
               if f.startswith("cat__") and (w.present is False or any(_same(v, True) for v in w.ne))}
    if any(f.startswith("cat__") and w.fixed and w.eq is not True for f, w in wants.items()):
        return None  # a category field is only ever present as True
    pool: list[_Article] = []
    for s in statutes:
        candidates = list(_catalogued(catalogue, s)) + [_article(catalogue, s, n) for n in sorted(extra)]
        for art in candidates:
            if aw.allows(art.number) and cat_need <= art.categories and not (cat_ban & art.categories):
                pool.append(art)
    if not pool:
        return None
    return _pick(draw, pool)


_PARAGRAPHS = ("1", "2", "3", "a", "b")


# =========================================================================== realisation

@attrs.frozen
class _Context:
    corpus: Corpus
    decree: Optional[Decree]
    unknown_rate: float
    interesting: Mapping[str, tuple[int, ...]]

    @property
    def catalogue(self) -> Catalogue:
        return self.corpus.catalogue

    @property
    def issued(self) -> dt.date:
        return self.decree.issued if self.decree is not None else _today()


def _enum(draw: Callable, w: Optional[_Want], choices: Sequence[Any]) -> Optional[Any]:
    """A value of ``choices`` the want allows (the wanted one if fixed); None if none does."""
    w = w or _Want()
    if w.fixed:
        return w.eq if w.eq in choices else None
    options = [c for c in choices if w.allows(c)]
    return _pick(draw, options) if options else None


def _tri(draw: Callable, w: Optional[_Want], rate: float) -> Optional[Tri]:
    """A three-valued fact: what the witness wants, else unknown at ``rate``, else either."""
    if w is None or (not w.fixed and not w.ne and w.present is None):
        if _rate(draw, rate):
            return Tri.UNKNOWN
        return Tri.of(_chance(draw, 1, 2))
    value = _enum(draw, w, (True, False))
    return None if value is None else Tri.of(value)


def _age_window(day: dt.date, w: Optional[_Want]) -> tuple[dt.date, dt.date]:
    """Birth dates that give an age within the want's bounds on ``day``."""
    lo_age = max(w.lo if w and w.lo is not None else 0, 0)
    hi_age = w.hi if w and w.hi is not None else 120
    if w is not None and w.fixed:
        lo_age = hi_age = int(w.eq)
    latest = day - relativedelta(years=lo_age)
    earliest = day - relativedelta(years=hi_age + 1) + dt.timedelta(days=1)
    return earliest, latest


def _intersect(*windows: tuple[dt.date, dt.date]) -> Optional[tuple[dt.date, dt.date]]:
    lo = max(w[0] for w in windows)
    hi = min(w[1] for w in windows)
    return (lo, hi) if lo <= hi else None


def _day_window(w: Optional[_Want]) -> tuple[dt.date, dt.date]:
    lo, hi = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
    if w is None:
        return lo, hi
    if w.fixed and isinstance(w.eq, int):
        day = dt.date.fromordinal(w.eq)
        return day, day
    if w.lo is not None:
        lo = max(lo, dt.date.fromordinal(max(w.lo, 1)))
    if w.hi is not None:
        hi = min(hi, dt.date.fromordinal(max(w.hi, 1)))
    return lo, hi


def _realise_person(draw: Callable, wants: Wants, ctx: _Context, offence_hint: Optional[dt.date]) -> Optional[Person]:
    """A Person satisfying the person-level wants (nationality, whereabouts, ages, ...)."""
    rate = ctx.unknown_rate
    nw = wants.get("nationality")
    if nw is None and _rate(draw, rate):
        nationality = "unknown"
    else:
        nationality = _enum(draw, nw, KNOWN_NATIONALITIES)
        if nationality is None:
            return None
    whereabouts = _enum(draw, wants.get("whereabouts"), WHEREABOUTS)
    if whereabouts is None:
        return None
    illness = _tri(draw, wants.get("person__incurable_illness"), rate)
    if illness is None:
        return None
    today = _today()
    aw_issue, aw_offence = wants.get("age_at_issue"), wants.get("age_at_offence")
    windows = [(EARLIEST_BIRTH, today)]
    if aw_issue is not None:
        windows.append(_age_window(ctx.issued, aw_issue))
    if aw_offence is not None and offence_hint is not None:
        windows.append(_age_window(offence_hint, aw_offence))
    if offence_hint is not None:
        windows.append((EARLIEST_BIRTH, offence_hint))
    window = _intersect(*windows)
    if window is None:
        return None
    if aw_issue is None and aw_offence is None and _rate(draw, rate):
        born: Any = UNKNOWN
    else:
        ages = ctx.interesting.get("age_at_issue", ())
        near = [(ctx.issued - relativedelta(years=a)).toordinal() for a in ages]
        born = _pick_date(draw, window[0], window[1], near, TYPICAL_BIRTHS)
    sw = wants.get("surrendered_day")
    surrendered: Optional[dt.date] = None
    wants_surrender = sw is not None and (sw.present is True or sw.fixed or sw.lo is not None or sw.hi is not None)
    if wants_surrender or (sw is None and _chance(draw, 1, 5)):
        start = born if isinstance(born, dt.date) else EARLIEST_BIRTH
        win = _intersect((start, today), _day_window(sw))
        if win is None:
            return None
        surrendered = _pick_date(draw, win[0], win[1], ctx.interesting.get("surrendered_day", ()))
    return Person(nationality=nationality, born=born, incurable_illness=illness, whereabouts=whereabouts,
                  surrendered_on=surrendered)


def _seed_from_person(person: Person, ctx: _Context) -> Wants:
    """Wants that pin the person-level ground fields a fixed person already determines."""
    wants: Wants = {}
    if person.nationality != "unknown":
        wants["nationality"] = _Want(eq=person.nationality, present=True)
    wants["whereabouts"] = _Want(eq=person.whereabouts, present=True)
    if person.incurable_illness is not Tri.UNKNOWN:
        wants["person__incurable_illness"] = _Want(eq=person.incurable_illness is Tri.TRUE, present=True)
    if isinstance(person.born, dt.date):
        wants["age_at_issue"] = _Want(eq=age_on(person.born, ctx.issued), present=True)
    if person.surrendered_on is None:
        wants["surrendered_day"] = _Want(present=False)
    else:
        wants["surrendered_day"] = _Want(eq=person.surrendered_on.toordinal(), present=True)
    return wants


def _realise(draw: Callable, wants: Wants, ctx: _Context, person: Optional[Person],
             charge_id: str) -> Optional[tuple[Charge, Person]]:
    """A Charge (and, when ``person`` is None, a Person) meeting the witness ``wants``."""
    rate = ctx.unknown_rate
    cat = ctx.catalogue
    today = _today()
    art = _choose_article(draw, cat, wants, ctx.interesting.get("article_num", ()))
    if art is None:
        return None
    sufw = wants.get("article_suffix")
    if sufw is not None and sufw.fixed:
        suffix = str(sufw.eq)
    elif sufw is not None and sufw.ne:
        suffix = "bis" if sufw.allows("bis") else ""
    else:
        suffix = "bis" if _chance(draw, 1, 12) else ""
    if sufw is not None and not sufw.allows(suffix):
        return None
    pw = wants.get("paragraph")
    paragraph: Optional[str]
    if pw is not None and pw.fixed:
        paragraph = str(pw.eq)
    elif pw is not None and pw.present is True:
        paragraph = _enum(draw, pw, _PARAGRAPHS)
        if paragraph is None:
            return None
    elif pw is not None and pw.present is False:
        paragraph = None
    else:
        paragraph = _pick(draw, _PARAGRAPHS) if _chance(draw, 1, 3) else None
        if pw is not None and paragraph is not None and not pw.allows(paragraph):
            paragraph = None
    article_text = f"{art.number}{' ' + suffix if suffix else ''}"
    if paragraph is not None and _chance(draw, 1, 3):
        article_text += f"({paragraph})"

    # Offence class: the catalogue's, unless the witness needs another (a charge may state it).
    cw = wants.get("offence_class")
    klass: Optional[str] = None
    if cw is not None and (cw.fixed or cw.ne):
        if art.offence_class is None or not cw.allows(art.offence_class):
            klass = _enum(draw, cw, OFFENCE_CLASSES)
            if klass is None:
                return None
    elif art.offence_class is None and not _rate(draw, rate):
        klass = _pick(draw, OFFENCE_CLASSES)

    # Stage and penalty (an accused usually has no penalty yet: the penalty is then unknown).
    penw = wants.get("penalty")
    needs_penalty = penw is not None and (penw.fixed or penw.present is True or bool(penw.ne))
    stw = wants.get("stage")
    if needs_penalty and (stw is None or not stw.fixed):
        stage = _enum(draw, stw, tuple(s for s in STAGES if s != "accused")) or _enum(draw, stw, STAGES)
    else:
        stage = _enum(draw, stw, STAGES)
    if stage is None:
        return None
    # The penalty is one the charge's class can carry (Catalogue.penalty_fits: a felony may be
    # mitigated to any penalty, a misdemeanour never carries a felony penalty): the loader
    # refuses other combinations and the engine never explores them.
    kinds = tuple(cat.penalties)
    effective = klass or art.offence_class
    fitting = tuple(k for k in kinds if cat.penalty_fits(k, effective))
    kind: Optional[str]
    if needs_penalty:
        kind = _enum(draw, penw, fitting) if fitting else None
        if kind is None:
            # Only a kind of another class meets the witness: state that class, if it may be.
            kind = _enum(draw, penw, kinds)
            if kind is None or (cw is not None and not cw.allows(cat.penalties[kind].offence_class)):
                return None
            klass = cat.penalties[kind].offence_class
    elif stage == "accused" or _rate(draw, rate) or not fitting:
        kind = None
    else:
        kind = _pick(draw, fitting)

    # Dates: the offence day and ages tie the charge to the person's birth.
    ow = wants.get("offence_day")
    age_off = wants.get("age_at_offence")
    if person is not None:
        born = person.born
    else:
        born = None  # decided with the person below
    lo = born if isinstance(born, dt.date) else EARLIEST_BIRTH
    windows = [(lo, today), _day_window(ow)]
    if isinstance(born, dt.date) and age_off is not None:
        windows.append(_age_window_inverse(born, age_off))
    window = _intersect(*windows)
    if window is None:
        return None
    offence_unknown = ow is None and age_off is None and _rate(draw, rate)
    offence: Any = UNKNOWN if offence_unknown else \
        _pick_date(draw, window[0], window[1], ctx.interesting.get("offence_day", ()))

    if person is None:
        person = _realise_person(draw, wants, ctx, offence if isinstance(offence, dt.date) else None)
        if person is None:
            return None
        if isinstance(offence, dt.date) and isinstance(person.born, dt.date) and offence < person.born:
            return None

    years: Optional[float] = None
    start: Optional[dt.date] = None
    if kind is not None:
        if cat.penalties[kind].temporary:
            years = _pick(draw, (0.5, 1.0, 2.0, 3.0, 5.0, 7.5, 10.0, 15.0, 20.0))
        if isinstance(offence, dt.date) and _chance(draw, 1, 2):
            start = _date_between(draw, offence, today)
    penalty = Penalty(kind, years, start) if kind is not None else None

    facts: dict[str, Tri] = {}
    for name in CHARGE_FACTS:
        value = _tri(draw, wants.get(fact_field(name)), rate)
        if value is None:
            return None
        if value is Tri.UNKNOWN and _chance(draw, 1, 2):
            continue  # an absent fact is unknown too; draw both spellings
        facts[name] = value

    hw = wants.get("hostage_released_day")
    hostage: Any
    if hw is not None and hw.present is False:
        hostage = None
    elif hw is not None and (hw.present or hw.fixed or hw.lo is not None or hw.hi is not None):
        start_day = offence if isinstance(offence, dt.date) else lo
        win = _intersect((start_day, today), _day_window(hw))
        if win is None:
            return None
        hostage = _pick_date(draw, win[0], win[1], ctx.interesting.get("hostage_released_day", ()))
    else:
        hostage = UNKNOWN if _rate(draw, max(rate, 0.0)) or _chance(draw, 1, 2) and rate > 0 else \
            _pick(draw, (None, "date"))
        if hostage == "date":
            start_day = offence if isinstance(offence, dt.date) else lo
            hostage = _pick_date(draw, min(start_day, today), today, ctx.interesting.get("hostage_released_day", ()))

    charge = Charge(id=charge_id, statute=art.statute, article=article_text, paragraph=paragraph,
                    offence_date=offence, stage=stage, penalty=penalty, facts=facts, offence_class=klass,
                    hostage_released_on=hostage)
    return charge, person


def _age_window_inverse(born: dt.date, w: _Want) -> tuple[dt.date, dt.date]:
    """Offence dates at which a person born on ``born`` has an age within the want's bounds."""
    lo_age = max(w.lo if w.lo is not None else 0, 0)
    hi_age = w.hi if w.hi is not None else 120
    if w.fixed:
        lo_age = hi_age = int(w.eq)
    first = born + relativedelta(years=lo_age)
    last = born + relativedelta(years=hi_age + 1) - dt.timedelta(days=1)
    return first, last


def _as_predicate(rule: Union[Predicate, Provision, Exclusion, None]) -> Optional[Predicate]:
    if rule is None:
        return None
    if isinstance(rule, Provision):
        return rule.selector
    if isinstance(rule, Exclusion):
        return rule.when
    return rule


# =========================================================================== public strategies

_ID_ALPHABET = string.ascii_lowercase + string.digits + "-_"
_charge_ids = st.text(_ID_ALPHABET, min_size=1, max_size=6).map(lambda s: "c" + s)
#: Suffixes for the i-th charge id 'c<i><suffix>': no digits, so the ids are unique by
#: construction (drawing unique ids by filtering wastes examples).
_ID_SUFFIXES = st.text(string.ascii_lowercase + "-_", max_size=4)


@st.composite
def _charge_person(draw: Callable, ctx: _Context, person: Optional[Person], charge_id: str,
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
    return result  # type: ignore[return-value]


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
    def build(draw: Callable) -> Charge:
        c = _corpus(corpus)
        d = _decree(decree, c)
        ctx = _Context(c, d, unknown_rate, _interesting(d, c))
        goal = _goal(_as_predicate(matching), statute, category, c)
        cid = charge_id or draw(_charge_ids)
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
    def build(draw: Callable) -> Person:
        c = _corpus(corpus)
        d = _decree(decree, c)
        ctx = _Context(c, d, unknown_rate, _interesting(d, c))
        p = _realise_person(draw, {}, ctx, None)
        if p is None:
            reject()
        return p  # type: ignore[return-value]

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
    def build(draw: Callable) -> Profile:
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


# =========================================================================== unknowns

#: An unknown a lawyer could establish: (charge id or None for the person, fact name).
Unknown = tuple[Optional[str], str]


def unknowns(profile: Profile, catalogue: Optional[Catalogue] = None) -> list[Unknown]:
    """Everything the profile leaves unknown, named as the engine names deciding facts.

    Charge facts by name, ``offence_date``, ``penalty``, ``offence_class`` (when the catalogue
    does not know it and the charge does not state it), ``paragraph`` (when the charge names
    none: where a decree covers one paragraph of an article, which one decides),
    ``hostage_released_on``; person-level ``nationality``, ``born``, ``incurable_illness``
    (charge None).
    """
    from .articles import parse_article
    cat = catalogue or default_corpus().catalogue
    out: list[Unknown] = []
    p = profile.person
    if p.nationality == "unknown":
        out.append((None, "nationality"))
    if p.born is UNKNOWN:
        out.append((None, "born"))
    if p.incurable_illness is Tri.UNKNOWN:
        out.append((None, "incurable_illness"))
    for ch in profile.charges:
        for name in CHARGE_FACTS:
            if ch.fact(name) is Tri.UNKNOWN:
                out.append((ch.id, name))
        if ch.offence_date is UNKNOWN:
            out.append((ch.id, "offence_date"))
        if ch.penalty is None:
            out.append((ch.id, "penalty"))
        ref = parse_article(ch.article)
        if ch.offence_class is None and ref is not None and cat.article_info(ch.statute, ref).offence_class is None:
            out.append((ch.id, "offence_class"))
        if ch.paragraph is None and (ref is None or ref.paragraph is None):
            out.append((ch.id, "paragraph"))
        if ch.hostage_released_on is UNKNOWN:
            out.append((ch.id, "hostage_released_on"))
    return out


def fill_unknown(profile: Profile, unknown: Unknown, value: Any) -> Profile:
    """The profile with one unknown replaced by ``value`` (a bool, date, kind or class)."""
    charge_id, name = unknown
    if charge_id is None:
        person = profile.person
        if name == "nationality":
            person = attrs.evolve(person, nationality=value)
        elif name == "born":
            person = attrs.evolve(person, born=value)
        elif name == "incurable_illness":
            person = attrs.evolve(person, incurable_illness=Tri.of(value))
        else:
            raise KeyError(name)
        return attrs.evolve(profile, person=person)
    new = []
    for ch in profile.charges:
        if ch.id == charge_id:
            if name in CHARGE_FACTS:
                ch = attrs.evolve(ch, facts={**ch.facts, name: Tri.of(value)})
            elif name == "offence_date":
                ch = attrs.evolve(ch, offence_date=value)
            elif name == "penalty":
                ch = attrs.evolve(ch, penalty=value)
            elif name == "offence_class":
                ch = attrs.evolve(ch, offence_class=value)
            elif name == "paragraph":
                ch = attrs.evolve(ch, paragraph=value)
            elif name == "hostage_released_on":
                ch = attrs.evolve(ch, hostage_released_on=value)
            else:
                raise KeyError(name)
        new.append(ch)
    return attrs.evolve(profile, charges=tuple(new))


def _fill_value(draw: Callable, profile: Profile, unknown: Unknown, ctx: _Context) -> Any:
    """A value for one unknown that keeps the profile valid (dates after birth, not after today)."""
    charge_id, name = unknown
    today = _today()
    person = profile.person
    if charge_id is None:
        if name == "nationality":
            return _pick(draw, KNOWN_NATIONALITIES)
        if name == "incurable_illness":
            return draw(st.booleans())
        # born: not after any known offence date nor the surrender date
        latest = min([today] + [c.offence_date for c in profile.charges if isinstance(c.offence_date, dt.date)]
                     + ([person.surrendered_on] if person.surrendered_on else []))
        near = [(ctx.issued - relativedelta(years=a)).toordinal() for a in ctx.interesting.get("age_at_issue", ())]
        return _pick_date(draw, min(EARLIEST_BIRTH, latest), latest, near, TYPICAL_BIRTHS)
    charge = next(c for c in profile.charges if c.id == charge_id)
    if name in CHARGE_FACTS:
        return draw(st.booleans())
    if name == "offence_date":
        lo = person.born if isinstance(person.born, dt.date) else EARLIEST_BIRTH
        hi = min(today, charge.penalty.start) if charge.penalty and charge.penalty.start else today
        return _pick_date(draw, min(lo, hi), hi, ctx.interesting.get("offence_day", ()))
    if name == "penalty":   # a kind the charge's class can carry
        klass = charge.offence_class or _catalogue_class(ctx.catalogue, charge)
        kinds = tuple(k for k in ctx.catalogue.penalties if ctx.catalogue.penalty_fits(k, klass))
        kind = _pick(draw, kinds or tuple(ctx.catalogue.penalties))
        years = 5.0 if ctx.catalogue.penalties[kind].temporary else None
        return Penalty(kind, years)
    if name == "offence_class":   # a class that can carry the penalty, when the penalty is known
        classes = tuple(c for c in OFFENCE_CLASSES
                        if charge.penalty is None or ctx.catalogue.penalty_fits(charge.penalty.kind, c))
        return _pick(draw, classes or OFFENCE_CLASSES)
    if name == "paragraph":   # one the decree names (it decides there), or one it does not
        named = sorted(str(v) for v in check_table(ctx.decree).constants.get("paragraph", ())) \
            if ctx.decree is not None else []
        return _pick(draw, named + ["9"])
    if name == "hostage_released_on":
        if _chance(draw, 1, 2):
            return None
        lo = charge.offence_date if isinstance(charge.offence_date, dt.date) else EARLIEST_BIRTH
        return _pick_date(draw, min(lo, today), today, ctx.interesting.get("hostage_released_day", ()))
    raise KeyError(name)


def _catalogue_class(catalogue: Catalogue, charge: Charge) -> Optional[str]:
    from .articles import parse_article
    ref = parse_article(charge.article)
    return catalogue.article_info(charge.statute, ref).offence_class if ref is not None else None


def completions(profile: Profile, *, decree: DecreeArg = None, corpus: Optional[Corpus] = None,
                only: Optional[Sequence[Unknown]] = None) -> st.SearchStrategy[Profile]:
    """The profile with every unknown (or every unknown in ``only``) replaced by a valid value.

    Used to check that an 'undetermined' answer allowed whatever the facts turn out to be,
    and that a determined answer does not move when an unknown becomes known::

        >>> full = completions(profile, decree="LD-7-2022").example()    # doctest: +SKIP
        >>> unknowns(full)                                                 # doctest: +SKIP
        []
    """

    @st.composite
    def build(draw: Callable) -> Profile:
        c = _corpus(corpus)
        d = _decree(decree, c)
        ctx = _Context(c, d, 0.0, _interesting(d, c))
        todo = list(only) if only is not None else unknowns(profile, c.catalogue)
        out = profile
        # The person's birth first: the offence dates drawn next must come after it.
        todo.sort(key=lambda u: (u[0] is not None, u[1] != "born"))
        for u in todo:
            out = fill_unknown(out, u, _fill_value(draw, out, u, ctx))
        return out

    return build()


# =========================================================================== round trip, signatures

def _tri_data(value: Tri) -> Any:
    return {Tri.TRUE: True, Tri.FALSE: False, Tri.UNKNOWN: "unknown"}[value]


def to_profile_data(profile: Profile) -> dict[str, Any]:
    """The profile as the plain data a lawyer would write (YAML/JSON-ready).

    ``load_profile(to_profile_data(p), catalogue)`` gives ``p`` back (with ``source`` set to
    the file name): the round trip is itself a property the test suite checks.
    """
    p = profile.person
    person: dict[str, Any] = {"nationality": p.nationality,
                              "born": p.born.isoformat() if isinstance(p.born, dt.date) else "unknown",
                              "incurable_illness": _tri_data(p.incurable_illness),
                              "whereabouts": p.whereabouts}
    if p.surrendered_on is not None:
        person["surrendered_on"] = p.surrendered_on.isoformat()
    if p.name is not None:
        person["name"] = p.name
    charges_out = []
    for c in profile.charges:
        item: dict[str, Any] = {"id": c.id, "statute": c.statute, "article": c.article, "stage": c.stage,
                                "offence_date": c.offence_date.isoformat() if isinstance(c.offence_date, dt.date)
                                else "unknown"}
        if c.paragraph is not None:
            item["paragraph"] = c.paragraph
        if c.penalty is not None:
            pen: dict[str, Any] = {"kind": c.penalty.kind}
            if c.penalty.years is not None:
                pen["years"] = c.penalty.years
            if c.penalty.start is not None:
                pen["start"] = c.penalty.start.isoformat()
            item["penalty"] = pen
        if c.facts:
            item["facts"] = {k: _tri_data(v) for k, v in c.facts.items()}
        if c.offence_class is not None:
            item["class"] = c.offence_class
        if c.hostage_released_on is None:
            item["hostage_released_on"] = "not_released"
        elif isinstance(c.hostage_released_on, dt.date):
            item["hostage_released_on"] = c.hostage_released_on.isoformat()
        charges_out.append(item)
    data: dict[str, Any] = {"id": profile.id, "person": person, "charges": charges_out}
    if profile.detention != Detention():
        data["detention"] = {"held_without_charge": profile.detention.held_without_charge,
                             "civil_claim": profile.detention.civil_claim}
    return data


def outcome_signature(outcome: Outcome) -> tuple:
    """An Outcome with every order-dependent part put in a canonical order.

    Two outcomes with equal signatures say the same thing about the same charges; used to
    check that permuting a profile's charges changes nothing but order.
    """
    def reason_key(r: Any) -> tuple:
        params = dict(r.params)
        if r.key == "blocked_by" and isinstance(params.get("charges"), str):
            params["charges"] = ", ".join(sorted(params["charges"].split(", ")))
        return (r.key, tuple(sorted((k, repr(v)) for k, v in params.items())), repr(r.citation),
                tuple(reason_key(c) for c in r.children))

    return (outcome.profile, outcome.decree, outcome.outcome,
            tuple(sorted((repr(r) for r in outcome.rulings))),
            tuple(sorted(outcome.blocking)),
            tuple(sorted(repr(f) for f in outcome.deciding_facts)),
            tuple(sorted(repr(c) for c in outcome.conditions)),
            outcome.confidence,
            tuple(sorted(reason_key(r) for r in outcome.reasons)),
            tuple(sorted(reason_key(r) for r in outcome.warnings)))


# =========================================================================== synthetic decrees

def _spans(draw: Callable, catalogue: Catalogue, statute: str) -> Any:
    entries = catalogue.statutes[statute].articles
    labels = [e.label for e in entries] + [str(n) for n in _catalogued_numbers(catalogue, statute)]
    chosen = draw(st.lists(st.sampled_from(labels), min_size=1, max_size=3, unique=True))
    return chosen if len(chosen) > 1 or draw(st.booleans()) else chosen[0]


def _one_or_list(draw: Callable, choices: Sequence[str]) -> Any:
    values = draw(st.lists(st.sampled_from(list(choices)), min_size=1, max_size=min(3, len(choices)), unique=True))
    return values[0] if len(values) == 1 and draw(st.booleans()) else values


def _match_statutes(draw: Callable, cat: Catalogue, depth: int) -> Any:
    out = []
    for s in draw(st.lists(st.sampled_from(list(cat.statutes)), min_size=1, max_size=2, unique=True)):
        item: dict[str, Any] = {"statute": s, "articles": "all" if _chance(draw, 1, 3) else _spans(draw, cat, s)}
        if item["articles"] == "all" and _chance(draw, 1, 3):
            item["except"] = [str(draw(st.sampled_from(_catalogued_numbers(cat, s))))]
        out.append(item)
    return out


#: How each match key of the rule-file language is drawn (the keys are the loader's MATCH_KEYS).
_MATCH_VALUES: dict[str, Callable[[Callable, Catalogue, int], Any]] = {
    "statutes": _match_statutes,
    "class": lambda draw, cat, depth: _one_or_list(draw, OFFENCE_CLASSES),
    "categories": lambda draw, cat, depth: _one_or_list(draw, list(cat.categories)),
    "penalty": lambda draw, cat, depth: _one_or_list(draw, list(cat.penalties) + ["temporary", "life"]),
    "stage": lambda draw, cat, depth: _one_or_list(draw, STAGES),
    "fact": lambda draw, cat, depth: draw(st.sampled_from(list(CHARGE_FACTS))),
    "facts": lambda draw, cat, depth: draw(st.dictionaries(st.sampled_from(list(CHARGE_FACTS)), st.booleans(),
                                                            min_size=1, max_size=2)),
    "nationality": lambda draw, cat, depth: _one_or_list(draw, KNOWN_NATIONALITIES),
    "whereabouts": lambda draw, cat, depth: _one_or_list(draw, WHEREABOUTS),
    "all": lambda draw, cat, depth: [_match(draw, cat, depth + 1) for _ in range(draw(st.integers(1, 2)))],
    "any": lambda draw, cat, depth: [_match(draw, cat, depth + 1) for _ in range(draw(st.integers(1, 2)))],
    "not": lambda draw, cat, depth: _match(draw, cat, depth + 1),
    "everything": lambda draw, cat, depth: True,
}
_NESTING = ("all", "any", "not")


def _match(draw: Callable, cat: Catalogue, depth: int = 0) -> Any:
    """A match expression (see docs/rule-format.md, "Match language")."""
    if depth == 0 and _chance(draw, 1, 12):
        return "everything"
    keys = [k for k in MATCH_KEYS if depth < 2 or k not in _NESTING]
    chosen = draw(st.lists(st.sampled_from(keys), min_size=1, max_size=2, unique=True))
    return {k: _MATCH_VALUES[k](draw, cat, depth) for k in chosen}


def _within(draw: Callable, issued: dt.date) -> dict[str, Any]:
    which = draw(st.sampled_from(("months", "days", "until")))
    if which == "months":
        return {"months": draw(st.integers(1, 12))}
    if which == "days":
        return {"days": draw(st.integers(1, 120))}
    return {"until": draw(st.dates(issued, issued + dt.timedelta(days=365))).isoformat()}


def _condition(draw: Callable, cat: Catalogue, kind: str, issued: dt.date, has_in_force: bool) -> dict[str, Any]:
    c: dict[str, Any] = {"kind": kind}
    if kind in ("surrender", "hostage_release"):
        c["within"] = _within(draw, issued)
        if has_in_force and draw(st.booleans()):
            c["from"] = "in_force"
        if kind == "surrender" and draw(st.booleans()):
            c["whereabouts"] = draw(st.lists(st.sampled_from(AT_LARGE), min_size=1, unique=True))
    elif kind == "victim_waiver":
        if draw(st.booleans()):
            c["when"] = _match(draw, cat, 1)
        if draw(st.booleans()):
            c["claim_window"] = {"days": draw(st.integers(1, 120))}
    elif kind in ("min_age_at_issue", "max_age_at_offence"):
        c["years"] = draw(st.integers(12, 80))
    elif kind == "nationality":
        c["values"] = draw(st.lists(st.sampled_from(KNOWN_NATIONALITIES), min_size=1, unique=True))
    elif kind == "fact":
        c["fact"] = draw(st.sampled_from(list(CHARGE_FACTS)))
        c["value"] = draw(st.booleans())
    if _chance(draw, 1, 4):
        c["article"] = str(draw(st.integers(1, 9)))
    return c


#: Condition kinds whose only field is ``kind`` (all the others are built in _condition).
_PLAIN_CONDITIONS = ("settlement", "incurable_illness", "final_judgment")


def _benefit(draw: Callable, cat: Catalogue) -> Any:
    kind = draw(st.sampled_from(BENEFIT_KINDS))
    if kind in ("full", "measure"):
        return kind
    if kind == "fraction":
        if _chance(draw, 1, 6):
            return {"fraction": "unconfirmed"}
        den = draw(st.integers(2, 6))
        return {"fraction": f"{draw(st.integers(1, den - 1))}/{den}"}
    kinds = list(cat.penalties)
    subs = []
    for _ in range(draw(st.integers(1, 2))):
        to = draw(st.sampled_from(kinds))
        sub: dict[str, Any] = {"from": draw(st.lists(st.sampled_from(kinds), min_size=1, max_size=2, unique=True)),
                               "to": to}
        if cat.penalties[to].temporary:
            sub["years"] = draw(st.sampled_from((5, 10, 15, 20)))
        subs.append(sub)
    return {"commutation": subs}


def _text(draw: Callable, what: str) -> dict[str, str]:
    return {"en": f"synthetic {what}", "ar": f"نص {what}"}


def _exclusion(draw: Callable, cat: Catalogue, xid: str, provision_ids: Optional[list[str]]) -> dict[str, Any]:
    x: dict[str, Any] = {"id": xid, "article": str(draw(st.integers(1, 9))), "reason": _text(draw, xid),
                         "when": _match(draw, cat, 1)}
    if provision_ids and _chance(draw, 1, 3):
        x["provisions"] = draw(st.lists(st.sampled_from(provision_ids), min_size=1, unique=True))
    if _chance(draw, 1, 4):
        x["confidence"] = draw(st.sampled_from(CONFIDENCE))
    return x


def decree_data(*, corpus: Optional[Corpus] = None, max_provisions: int = 4, min_exclusions: int = 0,
                max_exclusions: int = 3) -> st.SearchStrategy[dict[str, Any]]:
    """Synthetic but valid rule files (the data of ``rules/decrees/<ID>.yaml``), for testing the engine.

    Every field is drawn from the rule-file vocabulary the loader accepts (match keys,
    condition kinds, benefit kinds, the catalogue's statutes, categories and penalty kinds),
    so the engine meets combinations no real decree has yet. ``min_exclusions`` /
    ``max_exclusions`` bound the decree-wide exclusions (a provision may add its own). Every
    dict drawn loads; one the loader refuses as self-contradictory (a provision that excludes
    exactly what it covers) is never produced::

        >>> data = decree_data().example()                          # doctest: +SKIP
        >>> data["id"], [p["benefit"] for p in data["provisions"]]   # doctest: +SKIP
        ('LD-17-2019', ['full', {'fraction': '1/3'}])
    """

    @st.composite
    def build(draw: Callable) -> dict[str, Any]:
        c = _corpus(corpus)
        data = _decree_dict(draw, c.catalogue, max_provisions, min_exclusions, max(max_exclusions, min_exclusions))
        try:
            load_decree(Node(data, "<synthetic>"), c.catalogue)
        except DecreeConflictError:
            reject()
        return data

    return build()


def _decree_dict(draw: Callable, cat: Catalogue, max_provisions: int, min_exclusions: int,
                 max_exclusions: int) -> dict[str, Any]:
    today = _today()
    year = draw(st.integers(2000, today.year))
    number = draw(st.integers(1, 999))
    issued = draw(st.dates(dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)))
    cutoff = draw(st.dates(issued - dt.timedelta(days=3 * 365), issued))
    in_force = draw(st.one_of(st.none(), st.dates(issued, issued + dt.timedelta(days=60))))
    n = draw(st.integers(1, max_provisions))
    pids = [f"p{i}" for i in range(1, n + 1)]
    provisions = []
    for i, pid in enumerate(pids, 1):
        p: dict[str, Any] = {"id": pid, "article": str(i), "summary": _text(draw, pid),
                             "applies_to": _match(draw, cat), "benefit": _benefit(draw, cat)}
        if _chance(draw, 1, 3):
            p["paragraph"] = draw(st.sampled_from(("a", "b", "1")))
        kinds = draw(st.lists(st.sampled_from(CONDITION_KINDS), max_size=2))
        if kinds:
            p["conditions"] = [_condition(draw, cat, k, issued, in_force is not None) for k in kinds]
        own = draw(st.integers(0, 1))
        if own:
            p["exclusions"] = [_exclusion(draw, cat, f"{pid}-x{j}", None) for j in range(own)]
        if _chance(draw, 1, 5):
            p["offence_before"] = {"date": draw(st.dates(cutoff - dt.timedelta(days=3 * 365), cutoff)).isoformat(),
                                   "rule": draw(st.sampled_from(CUTOFF_RULES))}
        if _chance(draw, 1, 4):
            p["confidence"] = draw(st.sampled_from(CONFIDENCE))
        provisions.append(p)
    data: dict[str, Any] = {
        "schema_version": 1, "id": f"LD-{number}-{year}", "number": number, "year": year,
        "kind": draw(st.sampled_from(DECREE_KINDS)), "title": _text(draw, "title"),
        "issued": issued.isoformat(),
        "cutoff": {"date": cutoff.isoformat(), "rule": draw(st.sampled_from(CUTOFF_RULES)), "article": "1"},
        "confidence": draw(st.sampled_from(CONFIDENCE)), "sources": ["synthetic (amnestyrules.testing)"],
        "provisions": provisions,
    }
    if in_force is not None:
        data["in_force"] = in_force.isoformat()
    wide = draw(st.integers(min_exclusions, max_exclusions))
    if wide:
        data["exclusions"] = [_exclusion(draw, cat, f"x{j}", pids) for j in range(wide)]
    return data


def decrees(*, corpus: Optional[Corpus] = None, max_provisions: int = 4, min_exclusions: int = 0,
            max_exclusions: int = 3) -> st.SearchStrategy[Decree]:
    """Synthetic :class:`~amnestyrules.model.Decree` objects (``decree_data`` loaded by the real loader).

    Evaluate profiles against them exactly as against a shipped decree::

        >>> @given(decrees(), st.data())                                   # doctest: +SKIP
        ... def test_engine(decree, data):
        ...     profile = data.draw(profiles(decree=decree))
        ...     evaluate(profile, decree)
    """

    @st.composite
    def build(draw: Callable) -> Decree:
        c = _corpus(corpus)
        data = draw(decree_data(corpus=c, max_provisions=max_provisions, min_exclusions=min_exclusions,
                                max_exclusions=max_exclusions))
        return load_decree(Node(data, f"<synthetic {data['id']}>"), c.catalogue)

    return build()


#: The condition kinds and match keys the synthetic-decree strategy knows how to draw; the
#: test suite checks these equal the loader's vocabulary, so neither drifts from the other.
GENERATED_CONDITION_KINDS = frozenset(("surrender", "hostage_release", "victim_waiver", "min_age_at_issue",
                                       "max_age_at_offence", "nationality", "fact") + _PLAIN_CONDITIONS)
GENERATED_MATCH_KEYS = frozenset(_MATCH_VALUES)
