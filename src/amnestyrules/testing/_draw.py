"""Drawing primitives shared by the strategies: near-uniform choices on one shared strategy;
the corpus and decree arguments."""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Optional, Sequence, Union

from hypothesis import strategies as st

from amnestyrules.law.corpus import Corpus, default_corpus
from amnestyrules.law.model import (
    NATIONALITIES,
    Decree,
)

#: Nationalities a person can be known to have (the model's list without 'unknown').
KNOWN_NATIONALITIES: tuple[str, ...] = tuple(n for n in NATIONALITIES if n != "unknown")
#: The earliest birth date drawn (the loader accepts 1900; nobody that old is still charged).
EARLIEST_BIRTH = dt.date(1920, 1, 1)
#: Where uniform offence dates are concentrated (the amnesty decrees start in 2011).
RECENT = dt.date(2005, 1, 1)

DecreeArg = Union[Decree, str, None]
#: Hypothesis's ``draw`` inside ``@st.composite`` (and ``data.draw``).
Draw = Callable[[st.SearchStrategy[Any]], Any]


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


def _uniform(draw: Draw, n: int) -> int:
    """An integer in [0, n), near-uniformly (shrinks towards 0)."""
    if n <= 1:
        return 0
    if n <= 100:
        strategy = _SMALL.get(n)
        if strategy is None:
            strategy = _SMALL[n] = st.sampled_from(range(n))
        return int(draw(strategy))
    value, span = 0, 1
    while span < 100 * n:          # enough digits that the modulo below is near-uniform
        value, span = value * 100 + draw(_DIGIT), span * 100
    return value % n


def _between(draw: Draw, lo: int, hi: int) -> int:
    """An integer in [lo, hi] (shrinks towards lo)."""
    return lo if hi <= lo else lo + _uniform(draw, hi - lo + 1)


def _pick(draw: Draw, options: Sequence[Any]) -> Any:
    """One of ``options`` (shrinks towards the first)."""
    return options[_uniform(draw, len(options))]


def _chance(draw: Draw, numerator: int, denominator: int) -> bool:
    """True with probability numerator/denominator (st.booleans is always 1/2)."""
    return _uniform(draw, denominator) < numerator


def _rate(draw: Draw, rate: float) -> bool:
    """True with probability ``rate`` (to 1/10,000)."""
    if rate <= 0:
        return False
    if rate >= 1:
        return True
    return _uniform(draw, 10_000) < round(rate * 10_000)


def _date_between(draw: Draw, lo: dt.date, hi: dt.date) -> dt.date:
    return dt.date.fromordinal(_between(draw, lo.toordinal(), hi.toordinal()))


