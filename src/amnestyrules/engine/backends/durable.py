"""The durable-rules backend: a decree's checks matched by the durable-rules Rete engine.

What it does: each :class:`~amnestyrules.checks.CheckTable` is compiled, once, into
durable-rules JSON rulesets: one or more rules per check name, whose action records the
check name for the ground charge (fact) that matched. :meth:`DurableBackend.evaluate`
posts the ground charges as facts, lets the engine fire, reads the collector, deletes the
session. The answers must equal :class:`~amnestyrules.backends.python.PythonBackend`'s
(the oracle) exactly; tests/test_durable_backend.py and tests/test_backend_agreement.py
check that.

Why it is built this way: every choice below answers a limit of durable-rules 2.0.28
(research/survey.md §c) that we measured on the installed engine:

* **Comparison semantics differ from Python's.** The engine coerces across JSON types:
  ``"1" == 1`` holds, ``1 == true`` holds, ``"a" >= 1`` holds (the number is printed and
  compared as a string), and ``$neq`` on an absent field is false. So no ground value is
  ever compared raw. Each field the table reads is *dictionary-encoded* into small
  integers that only the engine compares:

  - ``e<i>`` (always posted): 0 if the field is absent, 1 if present but equal to none of
    the constants the checks name, else the code of that constant. The code table is a
    Python dict, so a ground value finds its code by Python equality (``True == 1``,
    ``"1" != 1``), exactly as :func:`~amnestyrules.predicates.holds` compares.
    ``Eq``/``In``/``Exists`` and their negations become ``==``/``!=`` or a code range on
    ``e<i>``; because ``e<i>`` is always present, ``Not(Eq)`` on an absent field is a
    plain ``$neq`` and is true, as in Python.
  - ``p<i>`` (posted only for a genuine ``int``, never a bool or str): the value's *rank*
    among the ``Cmp`` constants on that field (constant k -> 2k+1, values between
    constants -> the even numbers between). Ranks order exactly as the values do against
    every constant, and stay small whatever the ints are (the engine's ints are C longs).
    ``Cmp`` is ``$lt``/``$lte``/... on ``p<i>``: false when the field is absent or not an
    int, as in Python.
  - ``h<i>`` / ``l<i>``: the same rank, but a non-int or absent value is posted as a rank
    above (``h``) or below (``l``) every constant. ``Not(Cmp(<))`` is ``$gte`` on ``h<i>``,
    ``Not(Cmp(>))`` is ``$lte`` on ``l<i>``... so the negation of a comparison is true on
    an absent or non-int field, as in Python.

  The engine still performs every comparison; the encoding only chooses what is compared.
  No rule uses ``$nex``: the session's state is itself a fact, a rule that only tests an
  absence matches it, and every action updates the state, so such a rule re-fires forever
  (we saw the loop). Every test here needs a key that only our facts carry.
* **No general NOT; ``$or``/``$and`` are expensive.** Negations are pushed to the leaves
  with :func:`~amnestyrules.predicates.negate` (each leaf negation has an exact encoding,
  above). The engine allows at most 15 ``$and``/``$or`` nodes in one rule
  (``MAX_SEQUENCE_EXPRESSIONS`` = 32 entries) and matches with a fixed 64-entry stack of
  alpha nodes (``MAX_STACK_SIZE``: a fact that leaves more than 64 passing tests pending
  raises error 303; 63 sibling rules and the catch-all pass, one more fails).
  So each check is put in disjunctive normal form and every conjunction is its own rule
  (a chain of tests with at most one ``$and``); rules of one check all record the same
  name, and a set collects them. Tests in a chain are ordered (equalities on the most
  used fields first) so that rules share prefixes in the alpha network.
* **Alpha-network limits.** A node keeps its children in a 512-slot hash table (513
  alternatives on one field made the engine hang; 512 gave error 303), at most 256 rules
  end on one node (its beta list), and a fact has at most 254 properties (error 302). The
  compiler models the network durable builds (a trie of tests shared by identical
  prefixes), bounds the matching stack for the worst fact, and spreads the rules over as
  many rulesets ("shards") as needed to keep every bound with a margin. Most decrees
  need one; each ground is posted to every shard with only the keys that shard reads.
* **Ruleset names cannot be redefined** (``Ruleset with name X already registered``;
  there is no delete). The registry is per Host (two Hosts accept the same name: we
  checked); ``durable.lang``'s Host is process-wide and so is ours. Each table's rulesets are named
  from the decree id plus a digest of the compiled rules, built once and cached (by table object and by digest), so the same
  decree loaded twice (two equal Decree objects) reuses the rulesets, and a changed decree
  with the same id gets new names.
* **At most 1,024 live sessions per ruleset.** Every evaluate call (and every chunk of
  1,000 grounds) uses a fresh session id and deletes that session in a ``finally`` block.
* **Facts are identified by content.** Each posted fact carries a unique ``id`` (its
  position in the call), so two identical grounds do not collide.
* **A fact that matches no rule raises** ``MessageNotHandledException``: every shard has a
  catch-all rule (``g == 1``, a marker on every fact). It also records which facts the
  engine saw; a fact it never saw is an internal error, not a silent "nothing holds".
* **Facts, not events.** An event is consumed by the first rule that fires; a fact fires
  every rule it matches, which is what "which checks hold" needs.
* **Actions swallow exceptions** (durable stores them in the session state). Our actions
  catch their own errors and the call re-raises them.
* **Threads.** The stock ``durable.engine.Host`` starts two timer threads that poll every
  ruleset and could run one of our pending actions on another thread while ``evaluate``
  reads the collector. We use a private Host without them (we need no timers): every
  action runs synchronously inside ``assert_facts``. A process-wide lock serialises
  compilation and evaluation; the collector belongs to the call holding it.
* **Batched actions.** Rules carry ``cap: 1000``, so one action call receives every fact
  of the batch that the rule matched, instead of one Python call per fact and rule.

TruePred and FalsePred are not special-cased at evaluation: a check that always holds is a
rule on the marker (the engine fires it), and one that never holds has no rule (the engine
never fires it). Conjunctions that contradict themselves (``x == a and x == b``) are
dropped at compile time; that is logic on constants, never on a ground.
"""

from __future__ import annotations

import itertools
import threading
from typing import Any, Callable, Mapping, Optional, Sequence

from amnestyrules.engine.backends.durable_compile import CHUNK, CompiledTable, DurableBackendError
from amnestyrules.engine.caches import IdentityCache
from amnestyrules.engine.checks import CheckTable
from amnestyrules.errors import InputError

# --------------------------------------------------------------------------- the engine

class _Engine:
    """The one private durable Host of this process, its rulesets and the live collector."""

    def __init__(self) -> None:
        try:
            from durable.engine import Host
        except ImportError as exc:   # not installed, or Python 3.13 (undefined symbol PyEval_CallObject)
            raise InputError(None, "backend", "the durable_rules package (2.0.28, Python <= 3.12) to be installed",
                             "durable", hint=f"{exc}; use --backend python") from None

        class _QuietHost(Host):
            """A Host without the timer threads that poll rulesets (see the module docstring)."""

            def _run(self) -> None:
                return None

        self.host = _QuietHost()
        self.lock = threading.RLock()
        #: per table object (bounded: engine/caches.py); the rulesets themselves are per digest
        self.by_table: "IdentityCache[CheckTable, CompiledTable]" = IdentityCache()
        self.by_digest: dict[str, CompiledTable] = {}
        self.sessions = itertools.count(1)
        self.hits: Optional[list[set[str]]] = None
        self.seen: Optional[list[bool]] = None
        self.errors: list[BaseException] = []

    def compiled(self, table: CheckTable) -> CompiledTable:
        cached = self.by_table.get(table)
        if cached is not None:
            return cached
        fresh = CompiledTable(table)
        known = self.by_digest.get(fresh.digest)
        if known is None:
            try:
                self.host.set_rulesets(fresh.definitions(self._recorder, self._seen))
            except Exception as exc:   # durable's error codes (limits we did not model): a bug to report
                raise DurableBackendError(f"durable-rules refused the rulesets of {fresh.decree_id}: {exc!r}") from exc
            self.by_digest[fresh.digest] = known = fresh
        return self.by_table.put(table, known)

    def _recorder(self, check: str) -> Callable[[Any], None]:
        def record(c: Any) -> None:
            try:
                hits = self.hits
                assert hits is not None, "an action ran outside evaluate()"
                batch = c.m if isinstance(c.m, list) else [c.m]
                for m in batch:
                    hits[m["id"]].add(check)
            except BaseException as exc:   # durable would swallow it
                self.errors.append(exc)
        return record

    def _seen(self, c: Any) -> None:
        try:
            seen = self.seen
            assert seen is not None, "an action ran outside evaluate()"
            batch = c.m if isinstance(c.m, list) else [c.m]
            for m in batch:
                seen[m["id"]] = True
        except BaseException as exc:
            self.errors.append(exc)

    def run(self, compiled: CompiledTable, grounds: Sequence[Mapping[str, object]]) -> list[frozenset[str]]:
        encoded = [compiled.encode(g) for g in grounds]
        hits: list[set[str]] = [set() for _ in grounds]
        self.hits, self.errors = hits, []
        try:
            for start in range(0, len(encoded), CHUNK):
                self._session(compiled, encoded, start, min(start + CHUNK, len(encoded)))
        finally:
            self.hits = self.seen = None
        if self.errors:
            raise DurableBackendError(f"a durable-rules action failed: {self.errors[0]!r}") from self.errors[0]
        return [frozenset(h) for h in hits]

    def _session(self, compiled: CompiledTable, encoded: list[dict[str, int]], start: int, stop: int) -> None:
        """Post grounds[start:stop] to every shard under one fresh session id, then delete it."""
        sid = f"s{next(self.sessions)}"
        opened: list[str] = []
        try:
            single = len(compiled.shards) == 1
            for name, _, keys in compiled.shards:
                facts: list[dict[str, object]] = []
                for i in range(start, stop):
                    row = encoded[i]
                    fact: dict[str, object] = dict(row) if single else {k: row[k] for k in keys if k in row}
                    fact.update(sid=sid, id=i, g=1)
                    facts.append(fact)
                self.seen = seen = [False] * len(encoded)
                opened.append(name)
                # Returns after the engine ran, synchronously, every action the facts triggered.
                try:
                    self.host.assert_facts(name, facts)
                except Exception as exc:   # an engine error code (a limit we did not model): a bug to report
                    raise DurableBackendError(f"durable-rules failed on ruleset {name}: {exc!r}") from exc
                if not all(seen[start:stop]):
                    lost = [i for i in range(start, stop) if not seen[i]]
                    raise DurableBackendError(f"ruleset {name} never saw grounds {lost[:5]}")
        finally:
            for name in opened:
                self._delete(name, sid)

    def _delete(self, ruleset: str, sid: str) -> None:
        try:
            self.host.delete_state(ruleset, sid)
        except Exception as exc:   # error 309: no state was created (the post failed first)
            if "309" not in str(exc):
                raise


_ENGINE: Optional[_Engine] = None
_GLOBAL_LOCK = threading.RLock()


def _engine() -> _Engine:
    global _ENGINE
    with _GLOBAL_LOCK:
        if _ENGINE is None:
            _ENGINE = _Engine()
        return _ENGINE


class DurableBackend:
    """Answers which checks hold by running them in durable-rules (see the module docstring).

    Instances are thin: they all drive the one private engine of the process, because
    durable's rulesets and sessions live as long as the process does.
    """

    name = "durable"
    _shared: "Optional[DurableBackend]" = None

    def __init__(self) -> None:
        self._engine = _engine()

    @classmethod
    def shared(cls) -> "DurableBackend":
        """The process-wide instance (what ``get_backend("durable")`` returns)."""
        with _GLOBAL_LOCK:
            if cls._shared is None:
                cls._shared = cls()
            return cls._shared

    def evaluate(self, table: CheckTable, grounds: Sequence[Mapping[str, object]]) -> list[frozenset[str]]:
        """For each ground charge, the names of the checks that hold (the engine's answer)."""
        if not grounds:
            return []
        for g in grounds:
            if not isinstance(g, Mapping):
                raise InputError(None, "ground charge", "a mapping of field names to values", g)
        engine = self._engine
        with engine.lock:
            compiled = engine.compiled(table)
            return engine.run(compiled, grounds)

    def ruleset_names(self, table: CheckTable) -> list[str]:
        """The durable ruleset names this table compiles to (for diagnostics and tests)."""
        with self._engine.lock:
            return [name for name, _, _ in self._engine.compiled(table).shards]
