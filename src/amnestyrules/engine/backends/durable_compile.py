"""Compiling a decree's check table into durable-rules rulesets (the durable backend's half that
knows nothing of sessions): values dictionary-encoded per field, predicates put in negation and
disjunctive normal form, conjunctions that contradict themselves dropped, rules packed into
shards under the engine's internal limits. How and why: the docstring of
:mod:`amnestyrules.engine.backends.durable`.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
from typing import Any, Callable, Iterable, Mapping, Optional, Union

from amnestyrules.engine.checks import CheckTable
from amnestyrules.errors import AmnestyRulesError, InputError
from amnestyrules.law.predicates import (
    And,
    Cmp,
    Eq,
    Exists,
    FalsePred,
    In,
    Not,
    Or,
    Predicate,
    TruePred,
    all_of,
    any_of,
    negate,
)

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
#: Pairs of conjunctions the translation of one table may try (each a ``_simplify`` call of a few
#: microseconds). Bounding the survivors alone let ``all: [any of 4,000 articles, any of 4,000
#: others]`` try 16 million pairs, every one contradictory (24-67 s); the shipped decrees try at
#: most a few thousand (benchmarks/bench_hostile.py prints the figure).
MAX_ATTEMPTS = 250_000

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
        #: pairs of conjunctions tried so far, over the whole table (bounded by MAX_ATTEMPTS)
        self.attempts = 0

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
                self.attempts += len(acc) * len(part)
                if self.attempts > MAX_ATTEMPTS:
                    raise InputError(self.where, f"check {check}",
                                     f"a condition the durable backend can compile (at most {MAX_ATTEMPTS:,} "
                                     "combinations tried while putting the decree in disjunctive normal form)",
                                     hint="an 'all:' of long 'any:' lists multiplies them; simplify the rule "
                                          "or use the python backend")
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
    """A node of the alpha-network model, with the limits of its subtree kept up to date as rules
    are added (values only grow), so checking a shard after each rule costs the rule's path, not a
    walk of the whole trie (which made packing 3,000 rules take a minute)."""

    __slots__ = ("children", "ends", "eq_keys", "passing", "stack", "child_stack", "widest", "most_ends")

    def __init__(self) -> None:
        self.children: dict[Test, _Node] = {}
        self.ends = 0
        self.eq_keys: set[str] = set()
        #: siblings that may pass for the worst fact: one per equality key, every other test
        self.passing = 0
        #: the deepest matching stack below this node, less what is pending above it (see _stack)
        self.stack = 0
        self.child_stack = 0
        self.widest = 0
        self.most_ends = 0

    def child(self, test: Test) -> "_Node":
        node = self.children.get(test)
        if node is None:
            node = self.children[test] = _Node()
            if test[1] != "eq":
                self.passing += 1
            elif test[0] not in self.eq_keys:
                self.eq_keys.add(test[0])
                self.passing += 1
        return node

    def refresh(self, below: Optional["_Node"]) -> None:
        """Update the subtree limits after a rule was added through ``below`` (a child, or None)."""
        if below is not None:
            self.child_stack = max(self.child_stack, below.stack)
            self.widest = max(self.widest, below.widest)
            self.most_ends = max(self.most_ends, below.most_ends)
        # The stack bound of a node is linear in what is pending above it (see _stack): keep the slope-1 part.
        self.stack = self.passing + max(0, self.child_stack - 1) if self.children else self.passing
        self.widest = max(self.widest, len(self.children))
        self.most_ends = max(self.most_ends, self.ends)


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
        path = [self.root]
        for t in rule[1] or ((MARKER, "eq", 1),):
            path.append(path[-1].child(t))
        path[-1].ends += 1
        below: Optional[_Node] = None
        for node in reversed(path):
            node.refresh(below)
            below = node
        self.rules.append(rule)
        self.keys.update(t[0] for t in rule[1] if t[0] != MARKER)

    def fits(self) -> bool:
        root = self.root
        return (len(self.rules) <= MAX_RULES and len(self.keys) <= MAX_KEYS
                and root.stack <= MAX_STACK and root.widest <= MAX_CHILDREN and root.most_ends <= MAX_ENDS)


def _stack(node: _Node, pending: int) -> int:
    """The deepest matching stack below ``node`` with ``pending`` siblings still to visit above it
    (the definition the incremental ``_Node.stack`` keeps: ``_stack(n, p) == p + n.stack``)."""
    here = pending + node.passing
    return max([here] + [_stack(c, here - 1) for c in node.children.values()])


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


class CompiledTable:
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
        for field, codec, e, p, h, low in self.plan:
            if field in ground:
                value = ground[field]
                _check_scalar(field, value)
                if e:
                    out[codec.e] = codec.codes.get(value, OTHER_CODE)  # type: ignore[call-overload]
                if value.__class__ is int or (isinstance(value, int) and not isinstance(value, bool)):
                    rank = codec.rank(value)
                    if p:
                        out[codec.p] = rank
                    if h:
                        out[codec.h] = rank
                    if low:
                        out[codec.l] = rank
                    continue
            elif e:
                out[codec.e] = ABSENT_CODE
            if h:
                out[codec.h] = codec.top
            if low:
                out[codec.l] = codec.bottom
        return out


