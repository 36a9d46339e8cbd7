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
  checked); ``durable.lang``'s Host is process-wide and so is ours. Each table's rulesets are named from the decree id plus a digest of
  the compiled rules, built once and cached (by table object and by digest), so the same
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

import bisect
import hashlib
import itertools
import json
import threading
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence, Union

from ..checks import CheckTable
from ..errors import AmnestyRulesError, InputError
from ..predicates import (And, Cmp, Eq, Exists, FalsePred, In, Not, Or, Predicate, TruePred, all_of, any_of,
                          negate)

#: Bump whenever the translation changes: it is part of every ruleset's name.
TRANSLATION_VERSION = 1

#: Codes on an ``e<i>`` key.
ABSENT_CODE = 0
OTHER_CODE = 1
FIRST_CODE = 2

#: Marker key posted on every fact (the catch-all rule matches it).
MARKER = "g"

#: Grounds per session (and per action batch: rules carry ``cap``).
CHUNK = 1000

#: Limits we keep below durable's (measured or read in its C source), with a margin.
MAX_STACK = 48          # engine: 64-entry alpha stack per fact (error 303)
MAX_CHILDREN = 384      # engine: 512-entry hashed child table per alpha node
MAX_ENDS = 192          # engine: 256 rules ending on one alpha node (error 108)
MAX_KEYS = 240          # engine: 254 properties per fact (error 302); we add sid, id, marker
MAX_RULES = 512         # per shard; keeps the rules one fact can activate well under the engine's 1,000
MAX_CONJUNCTS = 4096    # per check, in disjunctive normal form

Scalar = Union[str, int, bool]
#: A leaf test the engine evaluates: (key, op, value), op in eq neq lt lte gt gte.
Test = tuple[str, str, int]
Conjunct = frozenset  # of Test

_PY_OPS: dict[str, Callable[[int, int], bool]] = {
    "eq": lambda a, b: a == b, "neq": lambda a, b: a != b,
    "lt": lambda a, b: a < b, "lte": lambda a, b: a <= b,
    "gt": lambda a, b: a > b, "gte": lambda a, b: a >= b,
}
_CMP_OPS = {"<": "lt", "<=": "lte", ">": "gt", ">=": "gte"}
#: Not(field OP v) on a genuine int is (field NOT_OP v), on the key whose sentinel makes it true.
_NEG_CMP = {"<": ("h", "gte"), "<=": ("h", "gt"), ">": ("l", "lte"), ">=": ("l", "lt")}


class DurableBackendError(AmnestyRulesError):
    """The engine did something the backend cannot explain (a bug to report, not bad input)."""


# --------------------------------------------------------------------------- encoding

class _FieldCodec:
    """How one ground field is encoded into engine keys (see the module docstring)."""

    def __init__(self, index: int, field: str, eq_sets: list[tuple[Scalar, ...]], cmp_values: set[int]) -> None:
        self.field = field
        self.e = f"e{index}"
        self.p = f"p{index}"
        self.h = f"h{index}"
        self.l = f"l{index}"
        self.codes = _assign_codes(eq_sets)
        self.cmp_consts: list[int] = sorted(cmp_values)
        self.top = 2 * len(self.cmp_consts) + 1
        self.bottom = -1

    def code(self, value: Scalar) -> int:
        """The code of a constant the checks name (always present in the table)."""
        return self.codes[value]

    def rank(self, value: int) -> int:
        i = bisect.bisect_left(self.cmp_consts, value)
        if i < len(self.cmp_consts) and self.cmp_consts[i] == value:
            return 2 * i + 1
        return 2 * i


def _assign_codes(eq_sets: list[tuple[Scalar, ...]]) -> dict[Scalar, int]:
    """Codes for the constants, ordered so that each ``In`` set is, where possible, a range.

    Values are sorted by which sets contain them (sets in order of first appearance): for
    nested sets (the usual case: 'temporary penalties' inside 'all penalties') every set
    then gets consecutive codes and compiles to one range test instead of one rule per value.
    The dict gives each value its code by Python equality, which is what ``holds`` uses.
    """
    order: dict[Scalar, int] = {}
    for values in eq_sets:
        for v in values:
            order.setdefault(v, len(order))
    sets = [s for s in eq_sets if len(s) > 1]
    members = [set(s) for s in sets]   # Python equality, like `in` on the tuple

    def signature(v: Scalar) -> tuple:
        return tuple(-int(v in m) for m in members) + (order[v],)

    return {v: FIRST_CODE + i for i, v in enumerate(sorted(order, key=signature))}


def _collect(pred: Predicate, eq_sets: dict[str, list[tuple[Scalar, ...]]], cmp: dict[str, set[int]]) -> None:
    if isinstance(pred, Eq):
        eq_sets.setdefault(pred.field, []).append((pred.value,))
    elif isinstance(pred, In):
        eq_sets.setdefault(pred.field, []).append(tuple(pred.values))
    elif isinstance(pred, Cmp):
        cmp.setdefault(pred.field, set()).add(_cmp_constant(pred))
    elif isinstance(pred, Exists):
        eq_sets.setdefault(pred.field, [])
    elif isinstance(pred, Not):
        _collect(pred.operand, eq_sets, cmp)
    elif isinstance(pred, (And, Or)):
        for op in pred.operands:
            _collect(op, eq_sets, cmp)
    elif not isinstance(pred, (TruePred, FalsePred)):
        raise InputError(None, "check", "a predicate (TruePred, FalsePred, Eq, In, Cmp, Exists, Not, And, Or)", pred)


def _cmp_constant(pred: Cmp) -> int:
    if pred.op not in _CMP_OPS:
        raise InputError(None, f"comparison on {pred.field}", "an operator among <, <=, >, >=", pred.op)
    if not isinstance(pred.value, int):
        raise InputError(None, f"comparison on {pred.field}", "an integer to compare with", pred.value)
    return int(pred.value)   # a bool compares as 0/1 in Python too


def _check_scalar(field: str, value: object) -> None:
    if not isinstance(value, (str, int)):   # bool is an int
        raise InputError(None, f"ground field {field}", "a string, integer or boolean", value)


# --------------------------------------------------------------------------- normal forms

def _nnf(pred: Predicate) -> Predicate:
    """Negation normal form with TruePred/FalsePred folded away (negations only on leaves)."""
    if isinstance(pred, Not):
        inner = pred.operand
        if isinstance(inner, (Eq, In, Cmp, Exists)):
            return pred
        return _nnf(negate(inner))
    if isinstance(pred, And):
        return all_of(*(_nnf(op) for op in pred.operands))
    if isinstance(pred, Or):
        return any_of(*(_nnf(op) for op in pred.operands))
    return pred


def _simplify(tests: Iterable[Test]) -> Optional[Conjunct]:
    """A conjunction of tests, or None if it can never hold (decided on constants only)."""
    by_key: dict[str, set[Test]] = {}
    for t in tests:
        by_key.setdefault(t[0], set()).add(t)
    out: set[Test] = set()
    for key, ts in by_key.items():
        eqs = {t[2] for t in ts if t[1] == "eq"}
        if len(eqs) > 1:
            return None
        if eqs:
            (c,) = eqs
            if not all(_PY_OPS[op](c, v) for _, op, v in ts):
                return None
            out.add((key, "eq", c))
        else:
            out |= ts
    return frozenset(out)


class _Translator:
    """Predicates of one table -> disjunctive normal forms over engine tests."""

    def __init__(self, codecs: Mapping[str, _FieldCodec], where: Optional[str]) -> None:
        self.codecs = codecs
        self.where = where

    def dnf(self, pred: Predicate, check: str) -> list[Conjunct]:
        conjuncts = self._dnf(_nnf(pred), check)
        return _minimal(conjuncts)

    def _dnf(self, p: Predicate, check: str) -> list[Conjunct]:
        if isinstance(p, TruePred):
            return [frozenset()]
        if isinstance(p, FalsePred):
            return []
        if isinstance(p, Or):
            out: list[Conjunct] = []
            for op in p.operands:
                out.extend(self._dnf(op, check))
                self._guard(len(out), check)
            return list(dict.fromkeys(out))
        if isinstance(p, And):
            acc: list[Conjunct] = [frozenset()]
            for op in p.operands:
                part = self._dnf(op, check)
                nxt: dict[Conjunct, None] = {}
                for a, b in itertools.product(acc, part):
                    s = _simplify(a | b)
                    if s is not None:
                        nxt[s] = None
                        self._guard(len(nxt), check)
                acc = list(nxt)
                self._guard(len(acc), check)
                if not acc:
                    break
            return acc
        return [c for c in (_simplify(ts) for ts in self._literal(p)) if c is not None]

    def _guard(self, n: int, check: str) -> None:
        if n > MAX_CONJUNCTS:
            raise InputError(self.where, f"check {check}",
                             f"a condition the durable backend can compile (at most {MAX_CONJUNCTS} "
                             "alternatives once put in disjunctive normal form)",
                             hint="simplify the rule or use the python backend")

    def _literal(self, p: Predicate) -> list[list[Test]]:
        """A leaf or a negated leaf as a disjunction of conjunctions of tests."""
        negated = isinstance(p, Not)
        leaf = p.operand if isinstance(p, Not) else p
        codec = self.codecs[leaf.field]  # type: ignore[union-attr]
        if isinstance(leaf, Eq):
            return [[(codec.e, "neq" if negated else "eq", codec.code(leaf.value))]]
        if isinstance(leaf, Exists):
            return [[(codec.e, "eq" if negated else "neq", ABSENT_CODE)]]
        if isinstance(leaf, In):
            codes = sorted({codec.code(v) for v in leaf.values})
            if negated:
                return [[(codec.e, "neq", c) for c in codes]]
            return [[(codec.e, "eq", lo)] if lo == hi else [(codec.e, "gte", lo), (codec.e, "lte", hi)]
                    for lo, hi in _runs(codes)]
        if isinstance(leaf, Cmp):
            rank = codec.rank(_cmp_constant(leaf))
            if negated:
                which, op = _NEG_CMP[leaf.op]
                return [[(codec.h if which == "h" else codec.l, op, rank)]]
            return [[(codec.p, _CMP_OPS[leaf.op], rank)]]
        raise InputError(None, "check", "a predicate leaf", p)


def _runs(codes: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for c in codes:
        if runs and runs[-1][1] == c - 1:
            runs[-1] = (runs[-1][0], c)
        else:
            runs.append((c, c))
    return runs


def _minimal(conjuncts: list[Conjunct]) -> list[Conjunct]:
    """Drop conjunctions implied by a smaller one (A or (A and B) is A): fewer rules."""
    unique = sorted(dict.fromkeys(conjuncts), key=lambda c: (len(c), sorted(c)))
    if len(unique) > 512:
        return unique
    kept: list[Conjunct] = []
    for c in unique:
        if not any(k <= c for k in kept):
            kept.append(c)
    return kept


# --------------------------------------------------------------------------- network model

class _Node:
    __slots__ = ("children", "ends")

    def __init__(self) -> None:
        self.children: dict[Test, _Node] = {}
        self.ends = 0


class _Shard:
    """Rules destined for one ruleset, with a model of the alpha network durable builds.

    durable shares an alpha node when the same test hangs off the same parent, so the
    network of chain rules is a trie of tests. For the worst fact, the matching stack holds,
    along a path, every passing sibling not yet visited; equality tests on one key are
    exclusive (one value passes), every other test may pass.
    """

    def __init__(self) -> None:
        self.root = _Node()
        self.rules: list[tuple[str, tuple[Test, ...]]] = []
        self.keys: set[str] = set()
        self.add(("(catch-all)", ((MARKER, "eq", 1),)))

    def add(self, rule: tuple[str, tuple[Test, ...]]) -> None:
        node = self.root
        for t in rule[1] or ((MARKER, "eq", 1),):
            node = node.children.setdefault(t, _Node())
        node.ends += 1
        self.rules.append(rule)
        self.keys.update(t[0] for t in rule[1] if t[0] != MARKER)

    def fits(self) -> bool:
        return (len(self.rules) <= MAX_RULES and len(self.keys) <= MAX_KEYS
                and _bound(self.root, 0) <= MAX_STACK and _widest(self.root) <= MAX_CHILDREN
                and _most_ends(self.root) <= MAX_ENDS)


def _passing(node: _Node) -> int:
    eq_keys = {t[0] for t in node.children if t[1] == "eq"}
    return len(eq_keys) + sum(1 for t in node.children if t[1] != "eq")


def _bound(node: _Node, pending: int) -> int:
    here = pending + _passing(node)
    return max([here] + [_bound(c, here - 1) for c in node.children.values()])


def _widest(node: _Node) -> int:
    return max([len(node.children)] + [_widest(c) for c in node.children.values()])


def _most_ends(node: _Node) -> int:
    return max([node.ends] + [_most_ends(c) for c in node.children.values()])


def _pack(rules: list[tuple[str, tuple[Test, ...]]], where: Optional[str]) -> list[_Shard]:
    """Rules spread, in order, over as few shards as keep every modelled limit."""
    shards = [_Shard()]
    for rule in rules:
        shards[-1].add(rule)
        if shards[-1].fits():
            continue
        accepted = shards[-1].rules[1:-1]
        fresh = _Shard()
        fresh.add(rule)
        if not accepted or not fresh.fits():
            raise InputError(where, f"check {rule[0]}", "a condition the durable backend can compile "
                             f"(one alternative tests {len(rule[1])} fields)",
                             hint="simplify the rule or use the python backend")
        rebuilt = _Shard()
        for r in accepted:
            rebuilt.add(r)
        shards[-1] = rebuilt
        shards.append(fresh)
    return shards


# --------------------------------------------------------------------------- compiled table

def _condition(tests: tuple[Test, ...]) -> dict[str, Any]:
    def one(t: Test) -> dict[str, Any]:
        key, op, value = t
        return {key: value} if op == "eq" else {f"${op}": {key: value}}
    if not tests:
        return one((MARKER, "eq", 1))
    if len(tests) == 1:
        return one(tests[0])
    return {"$and": [one(t) for t in tests]}


class _Compiled:
    """A table's rulesets, the encoders for its grounds, and the rule -> check map."""

    def __init__(self, table: CheckTable) -> None:
        decree = table.decree
        where = getattr(decree, "source_file", None) or getattr(decree, "id", None)
        eq_sets: dict[str, list[tuple[Scalar, ...]]] = {}
        cmp: dict[str, set[int]] = {}
        for pred in table.checks.values():
            _collect(pred, eq_sets, cmp)
        fields = sorted(set(eq_sets) | set(cmp))
        self.codecs = {f: _FieldCodec(i, f, eq_sets.get(f, []), cmp.get(f, set())) for i, f in enumerate(fields)}
        translator = _Translator(self.codecs, where)
        per_check = [(name, translator.dnf(pred, name)) for name, pred in table.checks.items()]
        # Order tests in each chain: equalities first, then the most used keys, so rules share prefixes.
        freq: dict[str, int] = {}
        for _, conjuncts in per_check:
            for c in conjuncts:
                for key in {t[0] for t in c}:
                    freq[key] = freq.get(key, 0) + 1
        rules: list[tuple[str, tuple[Test, ...]]] = []
        for name, conjuncts in per_check:
            for c in conjuncts:
                rules.append((name, tuple(sorted(c, key=lambda t: (t[1] != "eq", -freq[t[0]], t[0], t[1], t[2])))))
        shards = _pack(rules, where)
        spec = [[[name, _condition(tests)] for name, tests in s.rules[1:]] for s in shards]
        # The digest covers the encoding too: equal rules over different constants must not share.
        codes = [[f, [[type(v).__name__, repr(v), c] for v, c in codec.codes.items()], codec.cmp_consts]
                 for f, codec in self.codecs.items()]
        digest = hashlib.sha256(json.dumps([TRANSLATION_VERSION, codes, spec], sort_keys=True,
                                           ensure_ascii=False).encode()).hexdigest()[:16]
        self.digest = digest
        self.decree_id = str(getattr(decree, "id", "table"))
        self.shards: list[tuple[str, list[tuple[str, tuple[Test, ...]]], frozenset[str]]] = [
            (f"amnestyrules-{self.decree_id}-{digest}-{k}", s.rules[1:], frozenset(s.keys))
            for k, s in enumerate(shards)]
        used = frozenset(k for _, _, keys in self.shards for k in keys)
        #: per field read by some shard: (field, codec, posts e, posts p, posts h, posts l)
        self.plan = [(f, c, c.e in used, c.p in used, c.h in used, c.l in used) for f, c in self.codecs.items()
                     if {c.e, c.p, c.h, c.l} & used]

    def definitions(self, record: Callable[[str], Callable[[Any], None]],
                    seen: Callable[[Any], None]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for name, rules, _ in self.shards:
            rs: dict[str, Any] = {"seen": {"all": [{"m": _condition(())}], "cap": CHUNK, "run": seen}}
            for i, (check, tests) in enumerate(rules):
                rs[f"r{i}"] = {"all": [{"m": _condition(tests)}], "cap": CHUNK, "run": record(check)}
            out[name] = rs
        return out

    def encode(self, ground: Mapping[str, object]) -> dict[str, int]:
        """The engine keys of one ground charge: every key some shard reads, and the marker."""
        out: dict[str, int] = {MARKER: 1}
        for field, codec, e, p, h, l in self.plan:
            if field in ground:
                value = ground[field]
                _check_scalar(field, value)
                if e:
                    out[codec.e] = codec.codes.get(value, OTHER_CODE)  # type: ignore[arg-type]
                if value.__class__ is int or (isinstance(value, int) and not isinstance(value, bool)):
                    rank = codec.rank(value)  # type: ignore[arg-type]
                    if p:
                        out[codec.p] = rank
                    if h:
                        out[codec.h] = rank
                    if l:
                        out[codec.l] = rank
                    continue
            elif e:
                out[codec.e] = ABSENT_CODE
            if h:
                out[codec.h] = codec.top
            if l:
                out[codec.l] = codec.bottom
        return out


# --------------------------------------------------------------------------- the engine

class _Engine:
    """The one private durable Host of this process, its rulesets and the live collector."""

    def __init__(self) -> None:
        try:
            from durable.engine import Host
        except ImportError as exc:   # not installed, or Python 3.13 (undefined symbol PyEval_CallObject)
            raise InputError(None, "backend", "the durable_rules package (2.0.28, Python <= 3.12) to be installed",
                             "durable", hint=f"{exc}; use --backend python") from None

        class _QuietHost(Host):  # type: ignore[misc, valid-type]
            """A Host without the timer threads that poll rulesets (see the module docstring)."""

            def _run(self) -> None:
                return None

        self.host = _QuietHost()
        self.lock = threading.RLock()
        self.by_table: dict[int, tuple[CheckTable, _Compiled]] = {}
        self.by_digest: dict[str, _Compiled] = {}
        self.sessions = itertools.count(1)
        self.hits: Optional[list[set[str]]] = None
        self.seen: Optional[list[bool]] = None
        self.errors: list[BaseException] = []

    def compiled(self, table: CheckTable) -> _Compiled:
        cached = self.by_table.get(id(table))
        if cached is not None and cached[0] is table:
            return cached[1]
        fresh = _Compiled(table)
        known = self.by_digest.get(fresh.digest)
        if known is None:
            try:
                self.host.set_rulesets(fresh.definitions(self._recorder, self._seen))
            except Exception as exc:   # durable's error codes (limits we did not model): a bug to report
                raise DurableBackendError(f"durable-rules refused the rulesets of {fresh.decree_id}: {exc!r}") from exc
            self.by_digest[fresh.digest] = known = fresh
        self.by_table[id(table)] = (table, known)
        return known

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

    def run(self, compiled: _Compiled, grounds: Sequence[Mapping[str, object]]) -> list[frozenset[str]]:
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

    def _session(self, compiled: _Compiled, encoded: list[dict[str, int]], start: int, stop: int) -> None:
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
