"""Dates worth drawing: a decree's own boundaries (cutoffs, deadlines, age limits) as well as typical ranges."""

from __future__ import annotations

import datetime as dt
from typing import Iterable, Optional

from hypothesis import reject
from hypothesis import strategies as st

from amnestyrules.engine.checks import check_table
from amnestyrules.law.corpus import Corpus
from amnestyrules.law.model import (
    Decree,
)
from amnestyrules.testing._draw import (
    EARLIEST_BIRTH,
    RECENT,
    DecreeArg,
    Draw,
    _chance,
    _corpus,
    _date_between,
    _decree,
    _pick,
    _today,
    _uniform,
)

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


def _pick_date(draw: Draw, lo: dt.date, hi: dt.date, days: Iterable[int] = (),
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
    def build(draw: Draw) -> dt.date:
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
    def build(draw: Draw) -> Optional[dt.date]:
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


