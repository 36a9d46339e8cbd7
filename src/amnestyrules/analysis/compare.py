"""Comparison across decrees: a matrix decree x charge -> ruling, the verdict per decree, and the
decree that came closest to releasing the person.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any, Iterable, Mapping, Optional, Union

import attrs

from amnestyrules.analysis.blocking import BlockingSets, _blocking, _ordered
from amnestyrules.analysis.engine import MAX_SUBSETS, VERDICT_ORDER, DecreeRef, _Engine
from amnestyrules.case.model import Profile
from amnestyrules.engine.backends import Backend, get_backend
from amnestyrules.engine.budget import Budget
from amnestyrules.engine.evaluate import judged_on
from amnestyrules.law.corpus import Corpus, default_corpus

# =========================================================================== 3. comparison across decrees

@attrs.frozen
class DecreeRow:
    """One decree's line of the comparison."""

    decree: str
    issued: dt.date
    outcome: str
    rulings: Mapping[str, str]
    blocking: BlockingSets

    def to_json(self) -> dict[str, Any]:
        return {"decree": self.decree, "issued": self.issued.isoformat(), "outcome": self.outcome,
                "rulings": dict(self.rulings), "blocking_count": self.blocking.smallest,
                "blocking": self.blocking.to_json()}


@attrs.frozen
class Comparison:
    """Every decree against one profile, and the decree that came closest to releasing them."""

    profile: str
    charges: tuple[str, ...]
    rows: tuple[DecreeRow, ...]
    closest: Optional[str]
    #: what the request's work budget did not cover: ("charge", "DECREE: charge") for a charge not
    #: explored in full, ("blocking_sets", decree) for a search cut short by the budget
    unexplored: tuple[tuple[str, str], ...] = ()
    #: the budget the request had, in leaves (engine/budget.py)
    budget: int = 0
    #: the day of the question; a row of a decree issued after it is a hypothetical
    as_of: Optional[dt.date] = None

    @property
    def later(self) -> tuple[DecreeRow, ...]:
        """Rows of decrees asked about by name that were issued after the day of the question."""
        return tuple(r for r in self.rows if self.as_of is not None and r.issued > self.as_of)

    def row(self, decree_id: str) -> DecreeRow:
        return next(r for r in self.rows if r.decree == decree_id)

    @property
    def matrix(self) -> dict[str, dict[str, str]]:
        """decree -> charge -> ruling."""
        return {r.decree: dict(r.rulings) for r in self.rows}

    def to_json(self) -> dict[str, Any]:
        closest = self.row(self.closest) if self.closest else None
        return {"profile": self.profile, "as_of": self.as_of.isoformat() if self.as_of else None,
                "charges": list(self.charges),
                "issued_after_as_of": [r.decree for r in self.later],
                "decrees": [r.to_json() for r in self.rows],
                "unexplored": [{"what": what, "subject": subject} for what, subject in self.unexplored],
                "closest": None if closest is None else {
                    "decree": closest.decree, "outcome": closest.outcome,
                    "blocking_count": closest.blocking.smallest,
                    "blocking": _ordered(_smallest_set(closest.blocking) or (), self.charges)}}


def _smallest_set(b: BlockingSets) -> Optional[frozenset[str]]:
    candidates = list(b.sets) + ([b.irreducible] if b.irreducible is not None else [])
    return min(candidates, key=len) if candidates else None


def closest_key(row: DecreeRow) -> tuple[int, int, int]:
    """Fewest blocking charges, then the verdict nearest to freedom, then the most recent decree."""
    return (row.blocking.smallest if row.blocking.smallest is not None else sys.maxsize,
            VERDICT_ORDER[row.outcome], -row.issued.toordinal())


def compare(profile: Profile, corpus: Optional[Corpus] = None, *, decrees: Optional[Iterable[DecreeRef]] = None,
            backend: Union[str, Backend] = "python", as_of: Optional[dt.date] = None,
            max_subsets: int = MAX_SUBSETS, budget: Optional[Budget] = None) -> Comparison:
    """Each decree (by default every decree issued on or before the day of the question, in issue
    order; see :func:`~amnestyrules.engine.evaluate.evaluate_all`) against the profile.

    The closest decree is the one with the fewest blocking charges (the size of its smallest
    minimal blocking set); ties go to the verdict nearest to freedom (released, released_if,
    undetermined, sentence_reduced, blocked), then to the most recent decree, the one whose
    deadlines are likeliest still to be open. A decree under which no removal of charges frees
    the person (held without charge, civil claim) is never the closest.

    One ``budget`` (engine/budget.py) covers every decree: a charge it cannot explore is
    undetermined, naming the facts to state, and :attr:`Comparison.unexplored` lists them.
    """
    budget = budget if budget is not None else Budget()
    corpus = corpus or default_corpus()
    day = judged_on(as_of)
    chosen = corpus.issued_by(day) if decrees is None else sorted(
        (corpus.decree(d) if isinstance(d, str) else d for d in decrees), key=lambda d: (d.issued, d.number))
    engine = get_backend(backend) if isinstance(backend, str) else backend
    rows = []
    for d in chosen:
        e = _Engine(corpus, d, engine, day, budget)
        full = e.outcome(profile)
        rows.append(DecreeRow(d.id, d.issued, full.outcome, {r.charge: r.ruling for r in full.rulings},
                              _blocking(e, profile, full, max_subsets)))
    reachable = [r for r in rows if r.blocking.smallest is not None]
    # A decree that existed on the day of the question comes before one asked about by name that did not.
    closest = min(reachable, key=lambda r: (r.issued > day, closest_key(r))).decree if reachable else None
    starved = tuple(("charge", f"{d}: {c}") for d, c in dict.fromkeys(budget.starved))
    return Comparison(profile.id, tuple(c.id for c in profile.charges), tuple(rows), closest,
                      starved + tuple(budget.unexplored), budget.leaves, day)


