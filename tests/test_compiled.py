"""The compiled engine path (engine/compiled.py): what it shares, what it builds later, what it bounds.

Agreement with the reference is tested at volume elsewhere (test_backend_agreement.py,
test_properties.py, scripts/agreement_run.py). These tests pin the mechanisms: charges alike to
a decree are ruled once, identical charges under different ids get their own ids, explanations
and rulings are built when read and equal the reference's, the budget is charged as on the
reference path, the memos stay within their bounds, and a memo that disagreed with the reference
would be caught rather than believed.
"""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any, Iterator

import attrs
import pytest

import amnestyrules as ar
from amnestyrules.engine import compiled
from amnestyrules.engine.budget import Budget
from amnestyrules.law.corpus import default_corpus

CORPUS = default_corpus()
AS_OF = dt.date(2026, 1, 1)


def _charge(cid: str, **kw: Any) -> dict[str, Any]:
    charge = {"id": cid, "statute": "counter-terrorism-law", "article": "8", "offence_date": "2019-03-01",
              "stage": "convicted", "paragraph": "1", "hostage_released_on": "not_released",
              "penalty": {"kind": "temporary-hard-labour", "years": 10}}
    charge.update(kw)
    return charge


def _profile(pid: str, charges: list[dict[str, Any]], **person: Any) -> ar.Profile:
    p = {"nationality": "syrian", "born": "1980-05-05", "whereabouts": "custody", "incurable_illness": False}
    p.update(person)
    return ar.load_profile({"id": pid, "person": p, "charges": charges}, CORPUS.catalogue)


def _is_set(obj: object, name: str) -> bool:
    """Is the slot filled (without the lazy attribute hook, which would fill it)?"""
    try:
        object.__getattribute__(obj, name)
    except AttributeError:
        return False
    return True


@pytest.fixture()
def counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The charges the reference ruling code is asked about, under one fresh decree state."""
    calls: list[str] = []
    real = compiled.ruling_from

    def counting(table: Any, charge: Any, *args: Any, **kw: Any) -> Any:
        calls.append(charge.id)
        return real(table, charge, *args, **kw)
    monkeypatch.setattr(compiled, "ruling_from", counting)
    monkeypatch.setattr(compiled, "ENCODE_AFTER", 0)
    monkeypatch.setattr(compiled, "TREE_AFTER", 10**9)
    compiled._STATES.clear()
    compiled._SETS.clear()
    yield calls
    compiled._STATES.clear()
    compiled._SETS.clear()


def test_charges_alike_to_the_decree_are_ruled_once(counted: list[str]) -> None:
    """Offence dates a year apart, both before LD-7-2022's cutoff, and a fact it does not read that
    differs: one class, one ruling; the reasons still quote each charge's own date."""
    a = _profile("a", [_charge("c1", offence_date="2018-03-01", facts={"caused_death": False, "armed": True})])
    b = _profile("b", [_charge("c1", offence_date="2019-03-01", facts={"caused_death": False, "armed": False})])
    oa = ar.evaluate(a, "LD-7-2022", corpus=CORPUS, as_of=AS_OF)
    ob = ar.evaluate(b, "LD-7-2022", corpus=CORPUS, as_of=AS_OF)
    assert counted == ["c1"]
    assert oa.outcome == ob.outcome == "released"
    assert ob == ar.evaluate(b, "LD-7-2022", corpus=CORPUS, as_of=AS_OF, backend="python")
    assert "2019-03-01" in repr(ob.rulings[0].reasons) and "2018-03-01" not in repr(ob.rulings[0].reasons)


def test_identical_charges_are_ruled_once_and_each_keeps_its_id(counted: list[str]) -> None:
    charges = [_charge(f"k{i}", facts={"caused_death": "unknown"}) for i in range(6)]
    profile = _profile("same", charges, born="unknown")
    got = ar.evaluate(profile, "LD-7-2022", corpus=CORPUS, as_of=AS_OF)
    assert counted == ["k0"]
    assert [r.charge for r in got.rulings] == [f"k{i}" for i in range(6)]
    for r in got.rulings:
        assert all(f.charge == r.charge for f in r.deciding_facts if f.charge is not None)
        assert all(s.fact.charge == r.charge for s in r.splits if s.fact.charge is not None)
    assert got == ar.evaluate(profile, "LD-7-2022", corpus=CORPUS, as_of=AS_OF, backend="python")


def test_explanations_and_rulings_are_built_when_read(counted: list[str]) -> None:
    """A memo outcome holds no rulings and a memo ruling no reasons until someone reads them; what
    is then built is the reference's answer, and the same on every read."""
    p1 = _profile("p1", [_charge("c1"), _charge("c2", article="7", facts={"caused_death": True})])
    p2 = _profile("p2", [_charge("c1"), _charge("c2", article="7", facts={"caused_death": True})])
    ar.evaluate_all(p1, corpus=CORPUS, as_of=AS_OF)
    lazy = ar.evaluate_all(p2, corpus=CORPUS, as_of=AS_OF)
    reference = ar.evaluate_all(p2, corpus=CORPUS, as_of=AS_OF, backend="python")
    unbuilt = [o for o in lazy if not _is_set(o, "rulings")]
    assert unbuilt, "the second profile's outcomes come from the memo"
    o = unbuilt[0]
    ref = reference[next(i for i, x in enumerate(lazy) if x is o)]
    assert (o.outcome, o.blocking, o.deciding_facts) == (ref.outcome, ref.blocking, ref.deciding_facts)
    ruling = o.rulings[0]
    assert _is_set(o, "rulings") and not _is_set(ruling, "reasons")
    assert ruling.reasons == ref.rulings[0].reasons
    assert lazy == reference
    assert pickle.loads(pickle.dumps(lazy)) == reference


def test_the_budget_is_charged_as_on_the_reference_path() -> None:
    everything_unknown = [{"id": f"c{i}", "statute": s, "article": a, "stage": "convicted", "offence_date": "unknown"}
                          for i, (s, a) in enumerate([("kidnapping-law", "1"), ("penal-code", "535")] * 6)]
    profile = ar.load_profile({"id": "w", "person": {"born": "unknown", "nationality": "unknown"},
                               "charges": everything_unknown}, CORPUS.catalogue)
    for leaves in (1, 300, 3000):
        spent = {}
        for backend in ("python", "compiled", "compiled"):   # twice compiled: from the memo the second time
            budget = Budget(leaves=leaves)
            outcomes = ar.evaluate_all(profile, corpus=CORPUS, as_of=AS_OF, backend=backend, budget=budget)
            spent.setdefault(backend, []).append((budget.spent, budget.starved, outcomes))
        assert spent["compiled"][0] == spent["compiled"][1] == spent["python"][0], leaves


def test_memos_stay_within_their_bounds(monkeypatch: pytest.MonkeyPatch, counted: list[str]) -> None:
    monkeypatch.setattr(compiled, "MEMO_MAX", 5)
    monkeypatch.setattr(compiled, "OUTCOMES_MAX", 3)
    for day in range(1, 28):
        profile = _profile(f"p{day}", [_charge("c1", statute="penal-code", article="535",
                                               offence_date=f"2011-02-{day:02d}", penalty={"kind": "fine"})])
        ar.evaluate_all(profile, ["LD-34-2011", "LD-61-2011"], corpus=CORPUS, as_of=AS_OF)
    for _, state in compiled._STATES.values():
        assert len(state.memo) <= 6 and len(state.outcomes) <= 4 and len(state.cores) <= 6


def test_a_memo_ruling_that_disagrees_with_the_reference_is_caught(counted: list[str]) -> None:
    p1 = _profile("p1", [_charge("c1")])
    ar.evaluate(p1, "LD-7-2022", corpus=CORPUS, as_of=AS_OF)
    state = compiled._state(CORPUS.decree("LD-7-2022"))
    for key, core in list(state.memo.items()):   # corrupt the memo: every ruling now says 'excluded'
        state.memo[key] = compiled._Core(core.leaves, attrs.evolve(core.ruling, ruling="excluded"), core.token)
    state.outcomes.clear()
    forged = ar.evaluate(_profile("p2", [_charge("c1")]), "LD-7-2022", corpus=CORPUS, as_of=AS_OF)
    with pytest.raises(AssertionError, match="differs from the reference"):
        assert forged.rulings[0].reasons
