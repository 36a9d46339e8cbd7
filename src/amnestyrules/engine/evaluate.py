"""Public entry points: evaluate a profile against one decree or the whole corpus.

``backend`` chooses how the decree's checks are matched: ``"compiled"`` (the default: the
compiled path of :mod:`amnestyrules.engine.compiled`, generated check functions and a memo of
rulings per class of charges), ``"python"`` (the reference interpreter, the oracle the others are
tested against) or ``"durable"`` (the durable-rules Rete engine). All three give equal Outcomes.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable, Optional, Sequence, Union

from amnestyrules.case.model import Profile
from amnestyrules.engine.answers import Outcome
from amnestyrules.engine.backends import Backend, get_backend
from amnestyrules.engine.budget import Budget
from amnestyrules.engine.checks import check_table
from amnestyrules.engine.outcomes import outcome
from amnestyrules.engine.rulings import rule_charge
from amnestyrules.law.corpus import Corpus, default_corpus
from amnestyrules.law.model import Decree

DEFAULT_BACKEND = "compiled"


def judged_on(as_of: Optional[dt.date]) -> dt.date:
    """The day a question is judged on: the one asked for, else today (the machine's date)."""
    return as_of if as_of is not None else dt.date.today()


def _compiled(backend: Union[str, Backend]) -> bool:
    return backend == "compiled" if isinstance(backend, str) else getattr(backend, "name", None) == "compiled"


def evaluate(profile: Profile, decree: Union[Decree, str], *, corpus: Optional[Corpus] = None,
             backend: Union[str, Backend] = DEFAULT_BACKEND, as_of: Optional[dt.date] = None,
             budget: Optional[Budget] = None) -> Outcome:
    """What one decree does to this person: the verdict and a ruling per charge.

    ``as_of``: the day the question is asked, today unless given. A deadline that passed before it
    unmet leaves the charge not covered ("surrender deadline 2022-05-25 passed"); one still open
    gives a conditional pardon ("released if they surrender by ..."). A historical question is one
    argument away: ``as_of=decree.issued`` asks what the decree offered on its issue date.

    ``budget``: the work this request may cost (:class:`~amnestyrules.engine.budget.Budget`); a
    charge it cannot cover is answered undetermined, naming the facts to state.
    """
    as_of = judged_on(as_of)
    corpus = corpus or default_corpus()
    d = corpus.decree(decree) if isinstance(decree, str) else decree
    budget = budget if budget is not None else Budget()
    if _compiled(backend):
        from amnestyrules.engine.compiled import evaluate_compiled
        return evaluate_compiled(profile, [d], corpus.catalogue, as_of, budget)[0]
    engine = get_backend(backend) if isinstance(backend, str) else backend
    table = check_table(d)
    with budget.decree(table):
        rulings = [rule_charge(table, engine, corpus.catalogue, c, profile.person, as_of, budget)
                   for c in profile.charges]
    return outcome(profile, d, rulings, as_of)


def evaluate_all(profile: Profile, decrees: Optional[Iterable[Union[Decree, str]]] = None, *,
                 corpus: Optional[Corpus] = None, backend: Union[str, Backend] = DEFAULT_BACKEND,
                 as_of: Optional[dt.date] = None, budget: Optional[Budget] = None) -> list[Outcome]:
    """One outcome per decree, in issue order, under one budget.

    By default every decree issued on or before the day of the question (today unless ``as_of``
    says otherwise): asked as of 1 February 2022, a decree of 2024 did not exist and offered
    nothing. Name a later decree in ``decrees`` to ask the hypothetical; its outcome's ``as_of``
    then precedes the decree's issue date, and the renderers say so."""
    budget = budget if budget is not None else Budget()
    corpus = corpus or default_corpus()
    chosen: Sequence[Decree] = corpus.issued_by(judged_on(as_of)) if decrees is None else sorted(
        (corpus.decree(d) if isinstance(d, str) else d for d in decrees), key=lambda d: (d.issued, d.number))
    if _compiled(backend):
        from amnestyrules.engine.compiled import evaluate_compiled
        return evaluate_compiled(profile, chosen, corpus.catalogue, judged_on(as_of), budget)
    engine = get_backend(backend) if isinstance(backend, str) else backend
    return [evaluate(profile, d, corpus=corpus, backend=engine, as_of=as_of, budget=budget) for d in chosen]
