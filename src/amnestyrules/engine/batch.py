"""Many profiles at once: the same answers as :func:`evaluate_all`, streamed, on one or more processes.

A population (an organisation's case list, a synthetic population of 132,000 detainees) is an
iterable of profiles that may not fit in memory. :func:`evaluate_many` reads it lazily, keeps
a bounded number of profiles in flight, and yields each profile's outcomes in input order, so
a caller can write results as they come.

With ``jobs > 1`` the work is spread over ``jobs - 1`` worker processes and the parent itself
(which takes every ``jobs``-th chunk of profiles). Workers are forked on Linux from a parent that
has compiled the decrees and warmed the memos on the first profiles, so they start with both. A
worker evaluates a chunk and sends back, for an outcome served from its memo, only the numbers of
the memo values it was made of (each value sent once per worker); any other outcome travels
pickled, its rulings without their explanations but with the recipe to build them
(:data:`amnestyrules.engine.answers.SEND_RECIPES`), which the parent follows only if they are read
(it holds the same decrees). Where fork is not available (spawn), workers build their own
corpus state and outcomes travel whole.
"""

from __future__ import annotations

import collections
import concurrent.futures as cf
import datetime as dt
import itertools
import multiprocessing
import os
import pickle
from typing import Iterable, Iterator, Optional, Sequence, Union

from amnestyrules.case.model import Profile
from amnestyrules.engine.answers import Outcome
from amnestyrules.engine.evaluate import DEFAULT_BACKEND, evaluate_all, judged_on
from amnestyrules.law.corpus import Corpus, default_corpus
from amnestyrules.law.model import Decree

#: Profiles sent to a worker at a time: large enough that pickling and the round trip are
#: small beside the evaluation, small enough that the first results come quickly.
CHUNK = 64
#: Chunks in flight per worker (bounds memory: at most jobs * IN_FLIGHT * CHUNK profiles held).
IN_FLIGHT = 4
#: Profiles the parent evaluates itself before forking, so that the workers start with warm memos.
WARM = 256

# The worker's state, set once per process by _init (a forked worker inherits the parent's
# compiled tables; the corpus itself is passed explicitly so a user corpus works too).
_WORKER: dict[str, object] = {}
#: Values a worker sends once per process and then refers to by number (the memo's parts of an
#: outcome); past this many, it starts afresh and tells the parent to.
SENT_MAX = 20_000


def _init(corpus: Corpus, decrees: Optional[Sequence[str]], as_of: dt.date, backend: str, recipes: bool) -> None:
    _WORKER.update(corpus=corpus, decrees=decrees, as_of=as_of, backend=backend, recipes=recipes, sent={},
                   keep=[])


def _run_chunk(profiles: list[Profile]) -> bytes:
    """Evaluate a chunk; send back, per profile and decree, either the outcome (pickled, its rulings
    as recipes) or, for an outcome served from the memo, the numbers of its memo parts, sent once."""
    from amnestyrules.engine import answers
    corpus = _WORKER["corpus"]
    assert isinstance(corpus, Corpus)
    results = [evaluate_all(p, _WORKER["decrees"], corpus=corpus, as_of=_WORKER["as_of"],  # type: ignore[arg-type]
                            backend=str(_WORKER["backend"])) for p in profiles]
    if not _WORKER["recipes"]:
        return pickle.dumps((os.getpid(), False, [], results), protocol=pickle.HIGHEST_PROTOCOL)
    from amnestyrules.engine.served import memo_parts
    sent: dict[int, int] = _WORKER["sent"]  # type: ignore[assignment]
    keep: list[object] = _WORKER["keep"]  # type: ignore[assignment]
    reset = len(sent) > SENT_MAX
    if reset:
        sent.clear()
        keep.clear()
    new: list[object] = []

    def number(value: object) -> int:
        n = sent.get(id(value))
        if n is None:
            n = sent[id(value)] = len(keep)
            keep.append(value)   # alive, so that its id is not reused while it is numbered
            new.append(value)
        return n

    packed: list[list[object]] = []
    for outcomes in results:
        row: list[object] = []
        for o in outcomes:
            parts = memo_parts(o)
            row.append(o if parts is None else (number(parts[0]), tuple([number(c) for c in parts[1]])))
        packed.append(row)
    answers.SEND_RECIPES = True
    try:
        return pickle.dumps((os.getpid(), reset, new, packed), protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        answers.SEND_RECIPES = False


class _Receiver:
    """The parent's side of :func:`_run_chunk`: each worker's numbered values, and the outcomes."""

    def __init__(self, corpus: Corpus, decrees: Sequence[Decree], as_of: dt.date) -> None:
        from amnestyrules.engine.checks import check_table
        self.catalogue, self.as_of = corpus.catalogue, as_of
        self.tables = [check_table(d) for d in decrees]
        self.values: dict[int, list[object]] = {}

    def outcomes(self, data: bytes, profiles: list[Profile]) -> Iterator[list[Outcome]]:
        from amnestyrules.engine.served import from_memo_parts
        pid, reset, new, packed = pickle.loads(data)
        values = self.values.setdefault(pid, [])
        if reset:
            values.clear()
        values.extend(new)
        for profile, row in zip(profiles, packed):
            yield [x if isinstance(x, Outcome) else
                   from_memo_parts(table, self.catalogue, values[x[0]],
                                   tuple([values[n] for n in x[1]]), profile, self.as_of)
                   for table, x in zip(self.tables, row)]


def _chunks(profiles: Iterable[Profile], size: int) -> Iterator[list[Profile]]:
    chunk: list[Profile] = []
    for p in profiles:
        chunk.append(p)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def evaluate_many(profiles: Iterable[Profile], decrees: Optional[Iterable[Union[Decree, str]]] = None, *,
                  corpus: Optional[Corpus] = None, as_of: Optional[dt.date] = None, jobs: int = 1,
                  backend: str = DEFAULT_BACKEND) -> Iterator[list[Outcome]]:
    """For each profile, in input order, the list :func:`evaluate_all` returns for it.

    Streams: profiles are read as results are consumed, never all at once. ``jobs``: worker
    processes (``1`` evaluates in this process; ``0`` means one per CPU). Every profile is
    judged on the same day (``as_of``, today unless given), even if the run passes midnight.
    """
    corpus = corpus or default_corpus()
    as_of = judged_on(as_of)
    # Decided here, once, so that every profile of the run is asked about the same decrees.
    chosen = [d.id for d in corpus.issued_by(as_of)] if decrees is None else \
        [d if isinstance(d, str) else d.id for d in decrees]
    if chosen is not None:
        for d in chosen:
            corpus.decree(d)   # an unknown id fails here, before any work, not inside a worker
    if jobs == 0:
        jobs = os.cpu_count() or 1
    if jobs <= 1:
        for p in profiles:
            yield evaluate_all(p, chosen, corpus=corpus, as_of=as_of, backend=backend)
        return
    fork = "fork" in multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if fork else "spawn")
    recipes = fork and backend == "compiled"
    in_order = corpus.in_issue_order() if chosen is None else sorted(
        (corpus.decree(d) for d in chosen), key=lambda d: (d.issued, d.number))
    stream = iter(profiles)
    if recipes:
        # Compile in the parent and warm the memos on the first profiles, so that forked workers share
        # the decrees the values they send refer to, and start with the commonest rulings known.
        from amnestyrules.engine.compiled import compiled_set
        compiled_set(corpus.catalogue, in_order)
        for p in itertools.islice(stream, WARM):
            yield evaluate_all(p, chosen, corpus=corpus, as_of=as_of, backend=backend)
    receiver = _Receiver(corpus, in_order, as_of)
    # jobs - 1 worker processes; the parent evaluates every jobs-th chunk itself while they work (on a
    # machine with ``jobs`` cores the parent would otherwise only wait and unpack).
    with cf.ProcessPoolExecutor(jobs - 1, mp_context=ctx, initializer=_init,
                                initargs=(corpus, chosen, as_of, backend, recipes)) as pool:
        pending: collections.deque[tuple[Optional[cf.Future[bytes]], list[Profile]]] = collections.deque()

        def drain() -> Iterator[list[Outcome]]:
            future, chunk = pending.popleft()
            if future is None:
                for p in chunk:
                    yield evaluate_all(p, chosen, corpus=corpus, as_of=as_of, backend=backend)
            else:
                yield from receiver.outcomes(future.result(), chunk)

        for k, chunk in enumerate(_chunks(stream, CHUNK)):
            pending.append((None if k % jobs == 0 else pool.submit(_run_chunk, chunk), chunk))
            while len(pending) >= jobs * IN_FLIGHT:
                yield from drain()
        while pending:
            yield from drain()
