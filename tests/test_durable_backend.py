"""The durable-rules backend: its translation of predicates and its handling of the engine's limits.

The reference is :func:`amnestyrules.predicates.holds` (what the python backend runs). Every
test builds a small check table, asks the durable backend which checks hold for some ground
charges, and compares with ``holds``. The cases below are the places where durable-rules and
Python disagree if values are posted naively (measured: ``"1" == 1``, ``true == 1`` and
``"a" >= 1`` all hold in the engine; ``$neq`` on an absent field is false), plus the engine's
hard limits (1,024 sessions, ruleset names that cannot be re-registered, a 64-entry matching
stack, 15 ``$and``/``$or`` per rule).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Mapping, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amnestyrules.engine.backends import get_backend
from amnestyrules.engine.backends.durable import DurableBackend
from amnestyrules.engine.checks import CheckTable, check_table
from amnestyrules.errors import InputError
from amnestyrules.law.corpus import default_corpus, load_decree_file
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
    constants,
    fields,
    holds,
)

HOST = default_corpus().decree("LD-7-2022")   # any decree: synthetic tables only borrow its id
DURABLE = DurableBackend.shared()


def table(checks: Mapping[str, Predicate]) -> CheckTable:
    """A check table over arbitrary predicates (as checks.check_table builds it from a decree)."""
    read: set[str] = set()
    consts: dict[str, set] = {}
    for p in checks.values():
        read |= fields(p)
        for f, vs in constants(p).items():
            consts.setdefault(f, set()).update(vs)
    return CheckTable(HOST, dict(checks), frozenset(read), {f: frozenset(v) for f, v in consts.items()})


def expected(checks: Mapping[str, Predicate], grounds: Sequence[Mapping[str, object]]) -> list[frozenset[str]]:
    return [frozenset(n for n, p in checks.items() if holds(p, g)) for g in grounds]


def assert_agrees(checks: Mapping[str, Predicate], grounds: Sequence[Mapping[str, object]]) -> None:
    got = DURABLE.evaluate(table(checks), grounds)
    want = expected(checks, grounds)
    for g, a, b in zip(grounds, got, want):
        assert a == b, f"ground {g!r}: durable {sorted(a)} != python {sorted(b)}"
    assert len(got) == len(grounds)


def leaf_negations(p: Predicate) -> dict[str, Predicate]:
    return {"pos": p, "neg": Not(p), "negneg": Not(Not(p))}


# --------------------------------------------------------------------------- leaves

GROUNDS_X: list[dict[str, object]] = [
    {}, {"x": 1}, {"x": True}, {"x": False}, {"x": 0}, {"x": "1"}, {"x": "true"}, {"x": "a"}, {"x": ""},
    {"x": -3}, {"x": 10**30}, {"x": -(10**30)}, {"x": 5}, {"x": 6}, {"x": 4}, {"x": "z"}, {"y": 1},
]


@pytest.mark.parametrize("value", [1, True, False, 0, "1", "a", "", "true", 10**30])
def test_eq_and_its_negation_agree_across_types_and_absence(value: object) -> None:
    # Python: True == 1, False == 0, "1" != 1; absent -> Eq false, Not(Eq) true.
    assert_agrees(leaf_negations(Eq("x", value)), GROUNDS_X)  # type: ignore[arg-type]


@pytest.mark.parametrize("values", [(), (1,), (True, "a"), (0, "", "z"), ("1", 5, 6), tuple(range(-2, 9))])
def test_in_and_not_in_agree(values: tuple) -> None:
    assert_agrees(leaf_negations(In("x", values)), GROUNDS_X)


@pytest.mark.parametrize("op", ["<", "<=", ">", ">="])
@pytest.mark.parametrize("value", [5, 0, 1, True, -3, 10**30])
def test_cmp_and_its_negation_agree_on_ints_bools_strings_and_absence(op: str, value: int) -> None:
    # Cmp on a bool, a string or an absent field is false, so its negation is true.
    assert_agrees(leaf_negations(Cmp("x", op, value)), GROUNDS_X)


def test_exists_and_not_exists() -> None:
    assert_agrees(leaf_negations(Exists("x")), GROUNDS_X)


def test_true_and_false_checks() -> None:
    checks = {"t": TruePred(), "f": FalsePred(), "nt": Not(TruePred()), "nf": Not(FalsePred()),
              "and_t": And((TruePred(), Eq("x", 1))), "or_f": Or((FalsePred(), Eq("x", 1))),
              "and_f": And((FalsePred(), Eq("x", 1))), "or_t": Or((TruePred(), Eq("x", 2)))}
    assert_agrees(checks, GROUNDS_X)
    assert DURABLE.evaluate(table(checks), [{}]) == [frozenset({"t", "nf", "or_t"})]


def test_bool_is_not_an_int_for_comparisons_but_is_for_equality() -> None:
    checks = {"eq1": Eq("fact__caused_death", 1), "ge1": Cmp("fact__caused_death", ">=", 1),
              "not_lt1": Not(Cmp("fact__caused_death", "<", 1))}
    got = DURABLE.evaluate(table(checks), [{"fact__caused_death": True}, {"fact__caused_death": 1}])
    assert got == [frozenset({"eq1", "not_lt1"}), frozenset({"eq1", "ge1", "not_lt1"})]


def test_a_digit_string_never_equals_a_number() -> None:
    # durable alone says "8" == 8; the encoding must not.
    checks = {"eq8": Eq("article_num", 8), "eq'8'": Eq("article_num", "8")}
    got = DURABLE.evaluate(table(checks), [{"article_num": 8}, {"article_num": "8"}])
    assert got == [frozenset({"eq8"}), frozenset({"eq'8'"})]


# --------------------------------------------------------------------------- combinations

def test_nested_combinations_and_de_morgan() -> None:
    a, b, c = Eq("cat__terrorism", True), Cmp("offence_day", "<", 738000), In("statute", ("penal-code", "ct"))
    checks = {
        "and": And((a, b, c)), "or": Or((a, b, c)), "not_and": Not(And((a, b, c))), "not_or": Not(Or((a, b, c))),
        "mixed": Or((And((a, Not(b))), And((Not(a), c)), Not(Exists("paragraph")))),
        "deep": Not(Or((And((a, Not(Or((b, Not(c)))))), Not(And((Not(a), Exists("offence_day"))))))),
    }
    grounds = [{"cat__terrorism": t, "offence_day": d, "statute": s, **({"paragraph": "1"} if p else {})}
               for t in (True, False) for d in (737999, 738000, "x") for s in ("penal-code", "ct", "other")
               for p in (True, False)]
    grounds += [{}, {"statute": "ct"}, {"offence_day": 1}]
    assert_agrees(checks, grounds)


def test_field_names_that_mean_something_to_durable_are_safe() -> None:
    # durable uses id and sid; the state fact carries $s; lang paths use dots. Fields are renamed.
    names = ["id", "sid", "g", "$s", "a.b", "fact__caused_death", "cat__terrorism", "article_num"]
    checks = {f"eq:{n}": Eq(n, "v") for n in names} | {f"nex:{n}": Not(Exists(n)) for n in names}
    grounds = [{n: "v" for n in names}, {}, {names[0]: "v", names[4]: "w"}]
    assert_agrees(checks, grounds)


def test_unicode_and_awkward_strings() -> None:
    values = ["إرهاب", 'quote"d', "back\\slash", "nul\x00byte", "nul", " ", "\n"]
    checks = {f"eq{i}": Eq("s", v) for i, v in enumerate(values)} | {"in": In("s", tuple(values[:3]))}
    assert_agrees(checks, [{"s": v} for v in values] + [{"s": "other"}])


def test_identical_grounds_in_one_call_do_not_collide() -> None:
    checks = {"x1": Eq("x", 1)}
    assert DURABLE.evaluate(table(checks), [{"x": 1}] * 5) == [frozenset({"x1"})] * 5


def test_empty_call_returns_empty() -> None:
    assert DURABLE.evaluate(table({"x1": Eq("x", 1)}), []) == []


def test_more_grounds_than_one_session_batch() -> None:
    checks = {"lt": Cmp("n", "<", 1500), "odd": In("n", tuple(range(1, 3000, 2)))}
    assert_agrees(checks, [{"n": i} for i in range(2600)])


# --------------------------------------------------------------------------- random predicates

FIELD_NAMES = ["x", "fact__caused_death", "cat__terrorism", "article_num", "offence_day"]
SCALARS = st.one_of(st.booleans(), st.integers(-3, 6), st.sampled_from(["", "a", "1", "0", "true", "إ"]),
                    st.integers(-(2**80), 2**80))
CMP_VALUES = st.one_of(st.integers(-3, 6), st.booleans(), st.integers(-(2**80), 2**80))


def leaves() -> st.SearchStrategy[Predicate]:
    """Leaves and negated leaves (the forms the translation has to get exactly right)."""
    f = st.sampled_from(FIELD_NAMES)
    base = st.one_of(
        st.builds(Eq, f, SCALARS),
        st.builds(In, f, st.lists(SCALARS, max_size=5).map(tuple)),
        st.builds(Cmp, f, st.sampled_from(["<", "<=", ">", ">="]), CMP_VALUES),
        st.builds(Exists, f),
    )
    return st.one_of(base, base.map(Not), st.just(TruePred()), st.just(FalsePred()))


PREDICATES: st.SearchStrategy[Predicate] = st.recursive(
    leaves(),
    lambda inner: st.one_of(
        st.builds(Not, inner),
        st.builds(And, st.lists(inner, min_size=1, max_size=3).map(tuple)),
        st.builds(Or, st.lists(inner, min_size=1, max_size=3).map(tuple)),
    ),
    max_leaves=10,
)


def near_constants(preds: list[Predicate]) -> dict[str, list[object]]:
    """Per field, the constants the predicates name and the ints next to them: where answers flip."""
    out: dict[str, list[object]] = {}
    for p in preds:
        for field, values in constants(p).items():
            for v in values:
                out.setdefault(field, []).append(v)
                if isinstance(v, int) and not isinstance(v, bool):
                    out[field] += [v - 1, v + 1]
    return out


@settings(max_examples=max(500, settings.default.max_examples), deadline=None)
@given(st.lists(PREDICATES, min_size=1, max_size=4), st.data())
def test_random_predicates_agree_with_holds(preds: list[Predicate], data: st.DataObject) -> None:
    near = near_constants(preds)

    def values(field: str) -> st.SearchStrategy[object]:
        if not near.get(field):
            return SCALARS
        close = st.sampled_from(near[field])
        return st.one_of(close, close, close, SCALARS)

    ground = st.fixed_dictionaries({}, optional={f: values(f) for f in FIELD_NAMES})
    grounds = data.draw(st.lists(ground, min_size=1, max_size=12), label="grounds")
    # Every sub-predicate is a check too, so an error in a leaf cannot hide behind an And/Or.
    checks = {f"c{i}.{j}": sub for i, p in enumerate(preds) for j, sub in enumerate(subterms(p))}
    assert DURABLE.evaluate(table(checks), grounds) == expected(checks, grounds)


def subterms(p: Predicate) -> list[Predicate]:
    if isinstance(p, Not):
        return [p] + subterms(p.operand)
    if isinstance(p, (And, Or)):
        return [p] + [s for op in p.operands for s in subterms(op)]
    return [p]


# --------------------------------------------------------------------------- engine limits

def test_more_than_1024_calls_do_not_leak_sessions() -> None:
    # durable keeps at most 1,024 live sessions per ruleset; each call must delete its own.
    t = table({"x1": Eq("x", 1), "lt": Cmp("x", "<", 3)})
    for i in range(1100):
        assert DURABLE.evaluate(t, [{"x": i % 4}]) == expected(t.checks, [{"x": i % 4}])


def test_a_decree_loaded_twice_reuses_its_rulesets() -> None:
    corpus = default_corpus()
    path = Path(HOST.source_file or "")
    first = load_decree_file(path, corpus.catalogue)
    second = load_decree_file(path, corpus.catalogue)
    assert first == second and first is not second
    t1, t2 = check_table(first), check_table(second)
    assert t1 is not t2
    ground = [{"statute": "counter-terrorism-law", "offence_day": 737000, "fact__caused_death": False}]
    assert DURABLE.evaluate(t1, ground) == DURABLE.evaluate(t2, ground) == get_backend("python").evaluate(t1, ground)
    assert DURABLE.ruleset_names(t1) == DURABLE.ruleset_names(t2)
    # A fresh instance shares the process's engine: no re-registration either.
    assert DurableBackend().evaluate(t2, ground) == DURABLE.evaluate(t1, ground)


def test_a_changed_decree_with_the_same_id_gets_new_rulesets() -> None:
    a = table({"x1": Eq("x", 1)})
    b = table({"x1": Eq("x", 2)})
    assert DURABLE.ruleset_names(a) != DURABLE.ruleset_names(b)
    assert DURABLE.evaluate(b, [{"x": 1}, {"x": 2}]) == [frozenset(), frozenset({"x1"})]


def test_same_rules_over_different_constants_do_not_share_an_encoding() -> None:
    # Both tables compile to "e0 == 2"; only the value -> code table differs.
    a = table({"k": Eq("statute", "penal-code")})
    b = table({"k": Eq("statute", "customs-law")})
    assert DURABLE.evaluate(a, [{"statute": "customs-law"}]) == [frozenset()]
    assert DURABLE.evaluate(b, [{"statute": "customs-law"}]) == [frozenset({"k"})]


def test_many_checks_passing_at_once_are_spread_over_shards() -> None:
    # 150 comparisons that all pass for a large x would overflow durable's 64-entry stack in one ruleset.
    checks = {f"ge{i}": Cmp("x", ">=", i) for i in range(150)}
    t = table(checks)
    assert len(DURABLE.ruleset_names(t)) > 1
    assert_agrees(checks, [{"x": 1000}, {"x": 75}, {"x": -1}, {}])


def test_many_checks_with_the_same_condition() -> None:
    # Identical conditions end on one alpha node, which accepts at most 256 rules.
    checks = {f"same{i}": Eq("cat__terrorism", True) for i in range(300)}
    assert len(DURABLE.ruleset_names(table(checks))) > 1
    assert DURABLE.evaluate(table(checks), [{"cat__terrorism": True}, {}]) == [frozenset(checks), frozenset()]


def test_a_wide_disjunction_on_one_field() -> None:
    # 600 alternatives on one key exceed the 512-slot child table of one alpha node.
    checks = {"wide": Or(tuple(Eq("article_num", i * 2) for i in range(600))), "narrow": Eq("article_num", 4)}
    assert_agrees(checks, [{"article_num": n} for n in (0, 1, 4, 598, 1198, 1199, 5000)])


def test_deep_nesting_beyond_fifteen_and_or_nodes() -> None:
    # One durable rule accepts at most 15 $and/$or nodes; DNF splitting keeps each rule a chain.
    p: Predicate = Eq("x", 0)
    for i in range(1, 12):
        p = Or((Eq("y", i), And((Cmp("x", ">=", -i), p)))) if i % 2 else And((Not(Eq("y", -i)), p))
    checks = {"deep": p, "and_of_ors": And(tuple(Or((Eq(f"f{i}", 1), Eq(f"f{i}", 2))) for i in range(7)))}
    grounds = [{"x": 0}, {"x": 0, "y": 3}, {"y": 5}, {f"f{i}": 1 + i % 2 for i in range(7)}, {"f0": 1}]
    assert_agrees(checks, grounds)


def test_a_condition_too_large_for_the_engine_is_an_input_error() -> None:
    checks = {"huge": And(tuple(Or((Eq(f"f{i}", 1), Eq(f"f{i}", 2))) for i in range(20)))}
    with pytest.raises(InputError, match="durable backend"):
        DURABLE.evaluate(table(checks), [{}])


@pytest.mark.parametrize("bad", [1.5, None, [1], {"a": 1}])
def test_a_ground_value_of_the_wrong_type_is_an_input_error(bad: object) -> None:
    with pytest.raises(InputError, match="ground field x"):
        DURABLE.evaluate(table({"x1": Eq("x", 1)}), [{"x": bad}])


def test_a_ground_that_is_not_a_mapping_is_an_input_error() -> None:
    with pytest.raises(InputError, match="ground charge"):
        DURABLE.evaluate(table({"x1": Eq("x", 1)}), [["x", 1]])  # type: ignore[list-item]


def test_concurrent_callers_get_their_own_answers() -> None:
    t = table({"lt": Cmp("x", "<", 50), "even": In("x", tuple(range(0, 100, 2)))})
    failures: list[str] = []

    def worker(offset: int) -> None:
        for i in range(60):
            grounds = [{"x": (offset + i + k) % 100} for k in range(3)]
            got = DURABLE.evaluate(t, grounds)
            if got != expected(t.checks, grounds):
                failures.append(f"{offset}/{i}")

    threads = [threading.Thread(target=worker, args=(n * 7,)) for n in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert failures == []


def test_get_backend_returns_the_shared_instance() -> None:
    assert get_backend("durable") is DurableBackend.shared() is DURABLE
    assert DURABLE.name == "durable"
