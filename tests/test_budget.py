"""A bounded cost per request (engine/budget.py): the worst profile the loader accepts gets an
answer that names what could not be explored and the facts to state, never minutes or gigabytes.
These tests assert the bounded answer, not its time (times are in benchmarks/)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

import amnestyrules as ar
from amnestyrules.engine.budget import Budget
from amnestyrules.law.corpus import default_corpus
from support import failures_section

CORPUS = default_corpus()
ARTICLES = [("kidnapping-law", "1"), ("penal-code", "535"), ("counter-terrorism-law", "8"), ("penal-code", "312")]


def _worst(n: int) -> ar.Profile:
    """n charges on which everything is unknown (no dates, no facts, no penalty, no birth date)."""
    charges = [{"id": f"c{i}", "statute": ARTICLES[i % len(ARTICLES)][0], "article": ARTICLES[i % len(ARTICLES)][1],
                "stage": "convicted", "offence_date": "unknown"} for i in range(n)]
    return ar.load_profile({"id": "worst", "person": {"born": "unknown", "nationality": "unknown"},
                            "charges": charges}, CORPUS.catalogue)


def test_the_worst_profile_gets_a_bounded_answer_naming_what_to_state() -> None:
    budget = Budget(leaves=2_000)
    outcomes = ar.evaluate_all(_worst(200), corpus=CORPUS, budget=budget)
    assert budget.spent <= 2_000 + 4096            # one exploration may overshoot by what it tried
    assert budget.starved, "a budget this small cannot cover 200 unknown charges under every decree"
    starved = dict.fromkeys(budget.starved)
    for o in outcomes:
        for r in o.rulings:
            if (o.decree, r.charge) in starved:
                assert r.ruling == "undetermined" and r.reasons[0].key == "too_many_unknowns"
                assert r.deciding_facts, "a starved charge names the facts that would settle it"
    # A charge whose facts are all known is still answered when the budget is spent.
    known = ar.load_profile({"id": "k", "person": {"nationality": "syrian", "born": "1990-01-01"},
                             "charges": [{"id": "c1", "statute": "counter-terrorism-law", "article": "8",
                                          "offence_date": "2019-01-01", "stage": "accused",
                                          "facts": {"caused_death": False}}]}, CORPUS.catalogue)
    spent = Budget(leaves=1)
    spent.spend(1)
    assert ar.evaluate(known, "LD-7-2022", corpus=CORPUS, budget=spent).outcome == "released"


def test_a_profile_within_the_budget_is_answered_in_full() -> None:
    budget = Budget()
    o = ar.evaluate(_worst(3), "LD-7-2022", corpus=CORPUS, budget=budget)
    assert not budget.starved and all(r.reasons[0].key != "too_many_unknowns" for r in o.rulings)


def test_a_budget_must_allow_some_work() -> None:
    with pytest.raises(ValueError):
        Budget(leaves=0)


# ---------------------------------------------------------------- issue 10: one budget per request, everywhere

def _blocking(n: int) -> ar.Profile:
    """n charges LD-7-2022 excludes (a terrorist crime that led to a death): each blocks release."""
    charges = [{"id": f"c{i}", "statute": "counter-terrorism-law", "article": "8", "stage": "accused",
                "offence_date": "2019-01-01", "facts": {"caused_death": True}} for i in range(n)]
    return ar.load_profile({"id": "blocking", "person": {"nationality": "syrian", "born": "1980-01-01"},
                            "charges": charges}, CORPUS.catalogue)


def test_explain_stays_within_its_budget_and_says_what_it_did_not_explore() -> None:
    """questions.py: explain tried up to 600 articles per blocking charge with no bound on the whole
    (800 s on 200 charges against a decree listing 2,999 articles). It now shares one budget."""
    from amnestyrules.analysis.questions import explain
    from amnestyrules.present.analysis import explanation_json, explanation_text
    budget = Budget(leaves=300)
    x = explain(_blocking(40), "LD-7-2022", CORPUS, budget=budget)
    assert budget.spent <= 300 + 4096
    skipped = [subject for what, subject in x.unexplored if what == "counterfactuals"]
    assert skipped, "40 blocking charges cannot all be explored on 300 leaves"
    text = explanation_text(x)
    # A charge whose changes were not all tried is never reported as one that no change lifts.
    assert all(f"no single change brings {c} " not in text for c in skipped)
    assert "NOT EXPLORED within the work budget (300 leaves" in text and skipped[0] in text
    assert {"what": "counterfactuals", "subject": skipped[0]} in explanation_json(x)["unexplored"]
    # With the default budget every charge is explored.
    assert not explain(_blocking(3), "LD-7-2022", CORPUS).unexplored


def test_compare_and_timeline_share_one_budget_across_decrees() -> None:
    """compare.py and timeline.py gave each decree a fresh budget: 25 decrees, 25 budgets."""
    from amnestyrules.analysis.compare import compare
    from amnestyrules.analysis.timeline import build_timeline
    budget = Budget(leaves=500)
    c = compare(_worst(20), CORPUS, budget=budget)
    assert budget.spent <= 500 + 4096 and budget.starved
    assert ("charge", f"{budget.starved[0][0]}: {budget.starved[0][1]}") in c.unexplored
    assert c.to_json()["unexplored"]
    sentenced = _worst(8)
    sentenced = ar.Profile(sentenced.id, sentenced.person, tuple(
        attrs.evolve(ch, penalty=ar.Penalty("temporary-detention", 5.0, dt.date(2020, 1, 1)))
        for ch in sentenced.charges))
    spent = Budget(leaves=200)
    build_timeline(sentenced, corpus=CORPUS, budget=spent)
    assert spent.starved and spent.spent <= 200 + 4096


def test_a_large_user_decree_costs_more_per_completion() -> None:
    """budget.py counted a completion of a decree listing 3,000 articles like one of a shipped
    decree: 15,000 such completions took 92 s. A completion now costs by the decree's size."""
    from amnestyrules.engine.budget import table_weight
    from amnestyrules.engine.checks import check_table
    from support import decree
    big = decree(id="LD-900-2020", provisions=[{
        "id": "p1", "article": "1", "summary": {"en": "x", "ar": "x"}, "benefit": "full",
        "applies_to": {"statutes": [{"statute": "penal-code", "articles": [str(i) for i in range(1, 3000)]}],
                       "facts": {"armed": True, "ringleader": True}}}])
    assert all(table_weight(check_table(d)) == 1 for d in CORPUS)
    assert table_weight(check_table(big)) >= 4
    charges = [{"id": f"c{i}", "statute": "penal-code", "article": str(100 + i), "stage": "convicted",
                "offence_date": "unknown"} for i in range(30)]
    profile = ar.load_profile({"id": "p", "person": {"born": "unknown", "nationality": "unknown"},
                               "charges": charges}, CORPUS.catalogue)
    budget = Budget(leaves=400)
    ar.evaluate(profile, big, corpus=ar.Corpus(CORPUS.catalogue, {big.id: big}), budget=budget)
    assert budget.starved and budget.spent <= 400 + 4096 * table_weight(check_table(big))


def test_the_cli_takes_a_budget_and_says_when_it_was_spent(tmp_path: Any, capsys: Any) -> None:
    import json

    from amnestyrules.cli import main
    path = tmp_path / "worst.json"
    charges = [{"id": f"c{i}", "statute": ARTICLES[i % 4][0], "article": ARTICLES[i % 4][1], "stage": "convicted",
                "offence_date": "unknown"} for i in range(40)]
    path.write_text(json.dumps({"id": "w", "person": {"born": "unknown"}, "charges": charges}))
    for command in (["evaluate"], ["compare"], ["explain", "--decree", "LD-7-2022"]):
        assert main([command[0], str(path), *command[1:], "--budget", "50", "--format", "json"]) == 0
        captured = capsys.readouterr()
        json.loads(captured.out)
        assert "the work budget (50 leaves) was spent" in captured.err
    assert main(["evaluate", str(path), "--budget", "none"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("amnestyrules: error: <command line>: --budget: expected a whole number") and \
        len(err.strip().splitlines()) == 1


def test_the_durable_compiler_is_bounded_by_the_combinations_it_tries() -> None:
    """durable.py: MAX_CONJUNCTS counted survivors, so all: [any of 4,000 articles, any of 4,000
    others] tried 16 million pairs (every one contradictory, 24-67 s) before compiling to nothing."""
    from amnestyrules.engine.backends.durable import _engine
    from amnestyrules.engine.checks import check_table
    from amnestyrules.errors import InputError
    from support import decree
    pair = decree(id="LD-900-2020", provisions=[{
        "id": "p1", "article": "1", "summary": {"en": "x", "ar": "x"}, "benefit": "full",
        "applies_to": {"all": [
            {"statutes": [{"statute": "penal-code", "articles": [str(i) for i in range(1, 4001)]}]},
            {"statutes": [{"statute": "penal-code", "articles": [str(i) for i in range(5001, 9001)]}]}]}}])
    with pytest.raises(InputError) as info:
        _engine().compiled(check_table(pair))
    assert info.value.field == "check select:p1" and "combinations tried" in str(info.value)


def test_caches_hold_a_bounded_number_of_decree_generations(monkeypatch: Any) -> None:
    """grounding._LAYOUTS and the durable backend's by_table were keyed by id() and never evicted:
    a corpus reloaded 200 times kept 200 generations of decrees (RSS 28 MB -> 4 GB with durable)."""
    from amnestyrules.engine import checks, grounding
    from amnestyrules.engine.backends.durable import _engine
    from amnestyrules.engine.rulings import _EXPLORED
    durable = _engine()
    for cache in (checks._CACHE, grounding._LAYOUTS):
        monkeypatch.setattr(cache, "limit", 30)
    monkeypatch.setattr(durable.by_table, "limit", 2)
    profile = _blocking(2)
    for _ in range(3):             # three generations of 25 decrees, each laid out (a memo miss)
        fresh = ar.load_corpus()
        _EXPLORED.clear()
        ar.evaluate_all(profile, corpus=fresh)
        ar.evaluate(profile, fresh.decree("LD-7-2022"), corpus=fresh, backend="durable")
    assert len(checks._CACHE) <= 30 and len(grounding._LAYOUTS) <= 30 and len(durable.by_table) <= 2


def test_a_case_file_shares_one_budget_and_reports_cases_it_could_not_run(tmp_path: Any) -> None:
    """A run of many cases shares one budget (a file of hundreds of cases with everything unknown,
    against every decree, once ran for minutes). A case the run's budget cannot cover fails as
    'not run in full', never with a verdict the law did not give."""
    import re
    import subprocess
    import sys

    import yaml
    cases = [{"name": f"case {i}", "decree": "all", "expect": {"outcome": "blocked"},
              "profile": {"id": f"p{i}", "person": {"born": "unknown"},
                          "charges": [{"id": "c1", "statute": "penal-code", "article": str(200 + i),
                                       "stage": "convicted", "offence_date": "unknown"}]}} for i in range(40)]
    path = tmp_path / "many.cases.yaml"
    path.write_text(yaml.safe_dump({"cases": cases}), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "amnestyrules", "test", str(path), "--backend", "python",
                          "--budget", "200"], capture_output=True, text=True, cwd=tmp_path)
    out = run.stdout
    assert run.returncode == 1, out + run.stderr
    not_run = failures_section(out).count("not run in full within the work budget of 200 leaves")
    failed = int(re.search(r"(\d+) failed", out).group(1))
    assert not_run > 0 and not_run == failed, out      # every failure is a case not run, none a verdict
    assert "outcome: expected" not in out
def test_the_worst_profile_under_the_default_budget_on_every_path() -> None:
    """The loader's worst case (200 charges, everything unknown) against every decree under the
    default budget: each path answers within the budget, names what it could not explore, and
    the compiled path answers exactly as the reference does."""
    from amnestyrules.engine.budget import DEFAULT_LEAVES, MAX_PER_CHARGE
    answers = {}
    for backend in ("python", "compiled"):
        budget = Budget()
        outcomes = ar.evaluate_all(_worst(200), corpus=CORPUS, budget=budget, backend=backend)
        assert budget.spent <= DEFAULT_LEAVES + MAX_PER_CHARGE
        assert budget.starved and all(o.outcome == "undetermined" for o in outcomes)
        starved = set(budget.starved)
        for o in outcomes:
            for r in o.rulings:
                if (o.decree, r.charge) in starved:
                    assert r.reasons[0].key == "too_many_unknowns" and r.deciding_facts
        answers[backend] = (outcomes, budget.spent, budget.starved)
    assert answers["compiled"] == answers["python"]
