"""Generated check functions (engine/codegen.py) against the reference interpreter, and their safety.

The compiled path trusts :func:`compile_checks` / :func:`compile_each` to say exactly what
:func:`amnestyrules.law.predicates.holds` says, on every check of every decree and on grounds of
every shape (values the decree names, values next to them, values of the wrong type, absent
fields). And no text of a rule file may become code: it is only ever a value the code refers to.
"""

from __future__ import annotations

import random
import types

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amnestyrules.engine.checks import CheckTable, check_table
from amnestyrules.engine.codegen import compile_checks, compile_each
from amnestyrules.engine.grounding import field_values
from amnestyrules.law.corpus import default_corpus
from amnestyrules.law.model import Decree
from amnestyrules.law.predicates import And, Cmp, Eq, Exists, FalsePred, In, Not, Or, Predicate, TruePred, holds
from amnestyrules.testing import decrees

CORPUS = default_corpus()


def _grounds(table: CheckTable, n: int, seed: int) -> list[dict[str, object]]:
    """Grounds mixing each field's representative values, strays of other types, and absence."""
    rng = random.Random(seed)
    values = {f: field_values(f, table.constants.get(f, ())) for f in table.fields}
    strays: list[object] = [True, False, 0, 1, -5, 10**12, "", "x", "1", None]
    out = []
    for _ in range(n):
        g: dict[str, object] = {}
        for f, vs in values.items():
            roll = rng.random()
            if roll < 0.1:
                continue                       # absent
            if roll < 0.2:
                g[f] = rng.choice(strays)      # a value of another type, or None
            else:
                v = rng.choice(vs)
                g[f] = v + rng.choice((-1, 0, 1)) if isinstance(v, int) and not isinstance(v, bool) else v
        out.append(g)
    return out


def _agree(table: CheckTable, grounds: list[dict[str, object]]) -> None:
    together = compile_checks(table.checks)
    each = compile_each(table.checks)
    for g in grounds:
        want = frozenset(name for name, pred in table.checks.items() if holds(pred, g))
        assert together(g) == want, (table.decree.id, g)
        assert frozenset(name for name, fn in each.items() if fn(g)) == want, (table.decree.id, g)


@pytest.mark.parametrize("decree_id", CORPUS.ids())
def test_generated_checks_say_what_the_interpreter_says(decree_id: str) -> None:
    table = check_table(CORPUS.decree(decree_id))
    _agree(table, _grounds(table, 300, seed=len(decree_id)))


@settings(max_examples=30)
@given(decree=decrees(corpus=CORPUS), seed=st.integers(0, 10**6))
def test_generated_checks_on_synthetic_decrees(decree: Decree, seed: int) -> None:
    """Decrees drawn from the whole rule-file language, not only the shipped ones."""
    table = check_table(decree)
    _agree(table, _grounds(table, 40, seed))


def _table(checks: dict[str, Predicate]) -> CheckTable:
    d = CORPUS.decree("LD-7-2022")
    return CheckTable(d, checks, frozenset(), {})


def test_every_predicate_form_including_the_edges() -> None:
    checks: dict[str, Predicate] = {
        "true": TruePred(), "false": FalsePred(), "eq": Eq("a", "x"), "eq-int": Eq("n", 3), "eq-bool": Eq("b", True),
        "in": In("a", ("x", "y")), "in-mixed": In("n", (1, "1", True)), "lt": Cmp("n", "<", 3),
        "le": Cmp("n", "<=", 3), "gt": Cmp("n", ">", 3), "ge": Cmp("n", ">=", 3), "exists": Exists("a"),
        "not-cmp": Not(Cmp("n", "<", 3)), "and": And((Eq("a", "x"), Cmp("n", ">", 1))),
        "or": Or((Eq("a", "y"), Not(Exists("n")))), "empty-and": And(()), "empty-or": Or(()),
    }
    grounds: list[dict[str, object]] = [{}, {"a": "x"}, {"n": 3}, {"n": True}, {"n": 1}, {"n": "3"}, {"n": None},
                                        {"a": None, "n": 2.5}, {"b": 1}, {"b": True, "a": "y", "n": 4}]
    _agree(_table(checks), grounds)


def test_a_predicate_deeper_than_the_compiler_nests_is_still_answered() -> None:
    deep: Predicate = Eq("a", "x")
    for _ in range(45):        # 90 levels: more than codegen.MAX_DEPTH, as deep as a rule file may nest
        deep = Not(Not(deep))
    _agree(_table({"deep": deep}), [{}, {"a": "x"}, {"a": "y"}])


HOSTILE = ['"); import os; os.system("touch /tmp/pwned"); ("', "__import__('os').system('id')",
           "x'\n    raise SystemExit\n#", "{0.__class__}", "\\", "\n", "def f(): pass"]


def _strings(code: types.CodeType) -> set[str]:
    out = {c for c in code.co_consts if isinstance(c, str)} | set(code.co_names) | set(code.co_varnames)
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            out |= _strings(c)
    return out


def test_no_text_of_a_rule_file_becomes_code(tmp_path: object) -> None:
    """Field names, constants and check names that are Python code are compared as values, and no
    such text appears in the generated code (its constants, names and variables)."""
    checks: dict[str, Predicate] = {}
    for i, text in enumerate(HOSTILE):
        checks[text] = Or((Eq(text, text), In(text, (text, i)), Cmp(text, "<", i), Exists(text)))
    fn = compile_checks(checks)
    each = compile_each(checks)
    generated = _strings(fn.__code__) | {s for f in each.values() for s in _strings(f.__code__)}
    assert not set(HOSTILE) & generated
    grounds: list[dict[str, object]] = [{}, {t: t for t in HOSTILE}, {t: -1 for t in HOSTILE}]
    _agree(_table(checks), grounds)


def test_an_unknown_comparison_operator_is_refused() -> None:
    with pytest.raises(KeyError):
        compile_checks({"bad": Cmp("n", "== 1 or __import__('os') or 1 <", 3)})
