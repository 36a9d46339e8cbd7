"""Public entry points: evaluate a profile against one decree or the whole corpus."""

from __future__ import annotations

import datetime as dt
from typing import Iterable, Optional, Sequence, Union

from .backends import Backend, get_backend
from .checks import check_table
from .corpus import Corpus, default_corpus
from .model import Decree, Outcome, Profile
from .rulings import outcome, rule_charge


def evaluate(profile: Profile, decree: Union[Decree, str], *, corpus: Optional[Corpus] = None,
             backend: Union[str, Backend] = "python", as_of: Optional[dt.date] = None) -> Outcome:
    """What one decree does to this person: the verdict and a ruling per charge.

    ``as_of``: the date the question is asked. Without it, a surrender deadline that has not
    been met gives a conditional pardon ('released if they surrender by ...'); with it, a
    deadline before ``as_of`` that was not met leaves the charge not covered.
    """
    corpus = corpus or default_corpus()
    d = corpus.decree(decree) if isinstance(decree, str) else decree
    engine = get_backend(backend) if isinstance(backend, str) else backend
    table = check_table(d)
    rulings = [rule_charge(table, engine, corpus.catalogue, c, profile.person, as_of) for c in profile.charges]
    return outcome(profile, d, rulings)


def evaluate_all(profile: Profile, decrees: Optional[Iterable[Union[Decree, str]]] = None, *,
                 corpus: Optional[Corpus] = None, backend: Union[str, Backend] = "python",
                 as_of: Optional[dt.date] = None) -> list[Outcome]:
    """One outcome per decree, in issue order (all decrees of the corpus by default)."""
    corpus = corpus or default_corpus()
    engine = get_backend(backend) if isinstance(backend, str) else backend
    chosen: Sequence[Decree] = corpus.in_issue_order() if decrees is None else sorted(
        (corpus.decree(d) if isinstance(d, str) else d for d in decrees), key=lambda d: (d.issued, d.number))
    return [evaluate(profile, d, corpus=corpus, backend=engine, as_of=as_of) for d in chosen]
