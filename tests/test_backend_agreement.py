"""The three engine paths must give identical answers: every example, every golden case, every decree.

The python backend is the oracle; the durable backend runs the same checks in the
durable-rules engine; the compiled path (the default) runs generated check functions and serves
rulings from memos keyed on value classes, explaining them lazily. Since legal meaning lives in
:mod:`amnestyrules.rulings` (shared), any difference here is a matching or caching difference.
Comparison is attrs equality of the whole :class:`~amnestyrules.model.Outcome`: verdict,
rulings, reasons (traces, which the compiled path builds on first read), deciding facts,
conditions, warnings.

Collection globs the directories, so decrees, examples and case files that others add are
checked without editing this file. A case file that fails to load fails its own test only.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Optional

import pytest

from amnestyrules.case.derived import JUVENILE_AGE, age_on
from amnestyrules.case.model import Profile
from amnestyrules.case.profiles import load_profile, load_profile_file
from amnestyrules.engine.answers import Outcome
from amnestyrules.engine.evaluate import evaluate, evaluate_all
from amnestyrules.facts import CHARGE_FACTS
from amnestyrules.law.articles import parse_article
from amnestyrules.law.corpus import default_corpus
from amnestyrules.testing.cases import load_case_file

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
CASE_FILES = sorted((ROOT / "tests" / "cases").glob("*.cases.yaml"))
CORPUS = default_corpus()
DECREES = CORPUS.ids()


def difference(a: Outcome, b: Outcome, other: str = "durable") -> str:
    """Where two outcomes first differ, in words (the assertion message)."""
    for field in ("outcome", "blocking", "deciding_facts", "conditions", "confidence", "reasons", "warnings"):
        if getattr(a, field, None) != getattr(b, field, None):
            return f"{field}: python {getattr(a, field, None)!r} != {other} {getattr(b, field, None)!r}"
    for ra, rb in zip(a.rulings, b.rulings):
        if ra != rb:
            return f"ruling of {ra.charge}: python {ra!r} != {other} {rb!r}"
    return "outcomes differ"


def both(profile: Profile, decree: str, as_of: Optional[dt.date] = None) -> tuple[Outcome, Outcome]:
    """The python and durable outcomes, after checking the compiled path's against python's."""
    py = evaluate(profile, decree, corpus=CORPUS, backend="python", as_of=as_of)
    compiled = evaluate(profile, decree, corpus=CORPUS, backend="compiled", as_of=as_of)
    assert compiled == py, f"{profile.id} under {decree}: {difference(py, compiled, 'compiled')}"
    return py, evaluate(profile, decree, corpus=CORPUS, backend="durable", as_of=as_of)


def test_every_example_under_all_decrees_at_once() -> None:
    """evaluate_all on the compiled path (one compiled set of every decree) equals the oracle's."""
    for path in EXAMPLES:
        profile = load_profile_file(path, CORPUS.catalogue)
        for as_of in (None, dt.date(2031, 1, 1)):
            py = evaluate_all(profile, corpus=CORPUS, backend="python", as_of=as_of)
            compiled = evaluate_all(profile, corpus=CORPUS, backend="compiled", as_of=as_of)
            for a, b in zip(py, compiled):
                assert a == b, f"{path.name} under {a.decree}: {difference(a, b, 'compiled')}"


def test_the_corpus_and_the_fixtures_are_found() -> None:
    # Guards the globs: an empty parametrisation would pass vacuously.
    assert "LD-7-2022" in DECREES
    assert EXAMPLES and CASE_FILES


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
@pytest.mark.parametrize("as_of", [None, dt.date(2031, 1, 1)], ids=["no-as-of", "as-of-2031"])
def test_every_example_under_every_decree(path: Path, as_of: Optional[dt.date]) -> None:
    profile = load_profile_file(path, CORPUS.catalogue)
    for decree in DECREES:
        py, du = both(profile, decree, as_of)
        assert py == du, f"{path.name} under {decree}: {difference(py, du)}"


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.name for p in CASE_FILES])
def test_every_golden_case(path: Path) -> None:
    cases = load_case_file(path, CORPUS)
    compared = 0
    for case in cases:
        for decree in case.decrees:
            py, du = both(case.profile, decree, case.as_of)
            assert py == du, f"{path.name}, case {case.name!r} under {decree}: {difference(py, du)}"
            compared += 1
    assert compared >= len(cases)


# ------------------------------------------------------------------ generated profiles

def random_profile(rng: random.Random, index: int) -> Profile:
    """A plausible profile: catalogue statutes and articles, dates around the decrees, unknowns."""
    cat = CORPUS.catalogue
    statutes = sorted(cat.statutes)
    born = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 62))
    person: dict = {"nationality": rng.choice(["syrian", "syrian", "foreign", "unknown"]),
                    "whereabouts": rng.choice(["custody", "custody", "at_large_in_syria", "at_large_abroad"])}
    if rng.random() < 0.8:
        person["born"] = born.isoformat()
    if rng.random() < 0.5:
        person["incurable_illness"] = rng.random() < 0.2
    if person["whereabouts"] != "custody" and rng.random() < 0.4:
        person["surrendered_on"] = (dt.date(2011, 1, 1) + dt.timedelta(days=rng.randrange(0, 5400))).isoformat()
    charges = []
    for k in range(rng.randint(1, 4)):
        statute = cat.statutes[rng.choice(statutes)]
        spans = [e for e in statute.articles if e.first is not None and e.last is not None]
        entry = rng.choice(spans) if spans else None
        article = rng.randint(entry.first, entry.last) if entry else rng.randint(1, 400)
        low = max(dt.date(2005, 1, 1), born + dt.timedelta(days=365 * 14), statute.enacted or dt.date.min)
        offence = low + dt.timedelta(days=rng.randrange(0, max(1, (dt.date(2025, 6, 1) - low).days)))
        charge: dict = {"id": f"c{k + 1}", "statute": statute.id, "article": str(article),
                        "stage": rng.choice(["accused", "convicted", "convicted_in_absentia"]),
                        "offence_date": "unknown" if rng.random() < 0.1 else offence.isoformat()}
        if rng.random() < 0.6:   # a penalty the article's class can carry (the loader refuses others)
            klass = cat.article_info(statute.id, parse_article(str(article))).offence_class  # type: ignore[arg-type]
            kinds = [k for k in sorted(cat.penalties) if cat.penalty_fits(k, klass)]
            charge["penalty"] = {"kind": rng.choice(kinds), "years": rng.randint(1, 20)}
        facts = {f: rng.random() < 0.3 for f in CHARGE_FACTS if rng.random() < 0.85}
        # Facts the profile's own fields settle are stated only as they follow (the loader refuses the rest).
        if "juvenile" in facts and "born" in person and charge["offence_date"] != "unknown":
            facts["juvenile"] = age_on(born, offence) < JUVENILE_AGE
        if "final_judgment" in facts and charge["stage"] == "accused":
            facts["final_judgment"] = False
        if "arrested" in facts and (person["whereabouts"] != "custody" or "surrendered_on" in person):
            facts["arrested"] = False
        charge["facts"] = facts
        charges.append(charge)
    return load_profile({"id": f"gen-{index}", "person": person, "charges": charges}, cat, f"<generated {index}>")


@pytest.mark.parametrize("seed", range(4))
def test_generated_profiles_under_every_decree(seed: int) -> None:
    rng = random.Random(seed)
    for i in range(15):
        profile = random_profile(rng, i)
        for decree in DECREES:
            py, du = both(profile, decree)
            assert py == du, f"seed {seed}, profile {i} under {decree}: {difference(py, du)}"
