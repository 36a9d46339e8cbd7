"""Profiles per second, per backend, for one decree and for the whole corpus.

    python benchmarks/bench_evaluate.py --profiles 2000

Generates N seeded profiles of 1-5 charges (statute and article drawn from the catalogue in
rules/statutes.yaml, random dates, some unknown facts), then for each backend times
``evaluate(profile, DECREE)`` and ``evaluate_all(profile)`` (every decree) over the N
profiles, and prints profiles/s. Each backend runs in its own process (``--jobs``); a run
that passes ``--max-seconds`` stops after the current profile and reports its rate over the
profiles it did (evaluating every decree costs ~0.1 s per profile, mostly in the shared
grounding of unknowns, so 2,000 profiles would take minutes per backend). It also
prints the share of time spent inside the backend (the rest is grounding and rulings,
shared by both backends), the one-off compile time of the durable rulesets, and whether the
two backends gave identical outcomes (they must: any difference is printed and the script
exits 1).

Figures, not pass/fail: nothing here asserts a speed. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import hashlib
import multiprocessing
import os
import platform
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Mapping, Optional, Sequence

from amnestyrules.articles import parse_article
from amnestyrules.backends import get_backend
from amnestyrules.catalogue import Catalogue
from amnestyrules.checks import CheckTable, check_table
from amnestyrules.corpus import Corpus, default_corpus
from amnestyrules.evaluate import evaluate, evaluate_all
from amnestyrules.facts import CHARGE_FACTS
from amnestyrules.model import Outcome, Profile
from amnestyrules.profiles import load_profile

FIRST_OFFENCE = dt.date(2005, 1, 1)
LAST_OFFENCE = dt.date(2025, 6, 30)


# --------------------------------------------------------------------------- profiles

def generate_profiles(n: int, seed: int, catalogue: Catalogue) -> list[Profile]:
    """N plausible profiles, the same for a given seed (and catalogue).

    Each charge: a statute from the catalogue and an article inside one of its listed article
    ranges (or 1-400 if it lists none), an offence date between 2005 and mid-2025 (unknown
    with probability 0.05), a stage, 60 % of the time a penalty the article's class can
    carry, and every charge fact known except, with probability 0.3, one fact left unknown.
    Persons: nationality, whereabouts, birth date (unknown with probability 0.1), sometimes a
    surrender date or an illness. Built as the dicts a lawyer would write and loaded by the
    real profile loader (which refuses, say, a life sentence for a contravention).
    """
    rng = random.Random(seed)
    statutes = sorted(catalogue.statutes)
    penalties = sorted(catalogue.penalties)
    facts = list(CHARGE_FACTS)
    out = []
    for i in range(n):
        born = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 62))
        person: dict = {"nationality": rng.choice(["syrian"] * 6 + ["foreign", "unknown"]),
                        "whereabouts": rng.choice(["custody"] * 3 + ["at_large_in_syria", "at_large_abroad"])}
        if rng.random() < 0.9:
            person["born"] = born.isoformat()
        if rng.random() < 0.3:
            person["incurable_illness"] = rng.random() < 0.2
        if person["whereabouts"] != "custody" and rng.random() < 0.4:
            person["surrendered_on"] = (dt.date(2011, 1, 1) + dt.timedelta(days=rng.randrange(0, 5300))).isoformat()
        charges = []
        for k in range(rng.randint(1, 5)):
            statute = catalogue.statutes[rng.choice(statutes)]
            spans = [e for e in statute.articles if e.first is not None and e.last is not None]
            entry = rng.choice(spans) if spans else None
            article = rng.randint(entry.first, entry.last) if entry else rng.randint(1, 400)  # type: ignore[arg-type]
            low = max(FIRST_OFFENCE, born + dt.timedelta(days=365 * 15))
            offence = low + dt.timedelta(days=rng.randrange(0, max(1, (LAST_OFFENCE - low).days)))
            charge: dict = {"id": f"c{k + 1}", "statute": statute.id, "article": str(article),
                            "stage": rng.choice(["accused", "convicted", "convicted", "convicted_in_absentia"]),
                            "offence_date": "unknown" if rng.random() < 0.05 else offence.isoformat()}
            if rng.random() < 0.6:   # a penalty the article's class can carry (the loader refuses others)
                klass = catalogue.article_info(statute.id, parse_article(str(article))).offence_class  # type: ignore[arg-type]
                kinds = [k for k in penalties if catalogue.penalty_fits(k, klass)]
                charge["penalty"] = {"kind": rng.choice(kinds), "years": rng.randint(1, 20)}
            known = {f: rng.random() < 0.15 for f in facts}
            if rng.random() < 0.3:
                known[rng.choice(facts)] = "unknown"
            charge["facts"] = known
            charges.append(charge)
        out.append(load_profile({"id": f"bench-{i}", "person": person, "charges": charges}, catalogue,
                                f"<generated profile {i}>"))
    return out


# --------------------------------------------------------------------------- timing

class TimedBackend:
    """A backend wrapper that adds up the time spent inside the wrapped backend."""

    def __init__(self, name: str) -> None:
        self.inner = get_backend(name)
        self.name = name
        self.seconds = 0.0
        self.calls = 0
        self.grounds = 0

    def evaluate(self, table: CheckTable, grounds: Sequence[Mapping[str, object]]) -> list[frozenset[str]]:
        start = time.perf_counter()
        try:
            return self.inner.evaluate(table, grounds)
        finally:
            self.seconds += time.perf_counter() - start
            self.calls += 1
            self.grounds += len(grounds)

    def reset(self) -> None:
        self.seconds, self.calls, self.grounds = 0.0, 0, 0


def run(profiles: Sequence[Profile], corpus: Corpus, backend: TimedBackend, decree: Optional[str],
        budget: float) -> tuple[float, list[list[Outcome]]]:
    """Evaluate the profiles in order; stop early once ``budget`` seconds have passed (0: never)."""
    backend.reset()
    outcomes: list[list[Outcome]] = []
    start = time.perf_counter()
    for p in profiles:
        if decree is None:
            outcomes.append(evaluate_all(p, corpus=corpus, backend=backend))
        else:
            outcomes.append([evaluate(p, decree, corpus=corpus, backend=backend)])
        if budget and time.perf_counter() - start > budget:
            break
    return time.perf_counter() - start, outcomes


def digest(o: Outcome) -> str:
    """A fingerprint of a whole outcome (workers share PYTHONHASHSEED, so reprs are comparable)."""
    return hashlib.sha1(repr(o).encode()).hexdigest()


def measure(backend_name: str, n: int, seed: int, decree: str, budget: float) -> dict:
    """Everything one backend is timed on, in its own process (see --jobs)."""
    t0 = time.perf_counter()
    corpus = default_corpus()
    load_s = time.perf_counter() - t0
    profiles = generate_profiles(n, seed, corpus.catalogue)
    backend = TimedBackend(backend_name)
    t0 = time.perf_counter()
    for d in corpus:   # first call on every decree: the durable backend compiles and registers its rulesets
        backend.inner.evaluate(check_table(d), [{}])
    compile_s = time.perf_counter() - t0
    rows, digests = [], {}
    verdicts: collections.Counter[str] = collections.Counter()
    for label, which in ((decree, decree), (f"all ({len(corpus)})", None)):
        seconds, outcomes = run(profiles, corpus, backend, which, budget)
        rows.append((label, len(outcomes), seconds, sum(len(o) for o in outcomes), backend.seconds, backend.calls,
                     backend.grounds))
        digests[label] = [[(o.decree, o.outcome, digest(o)) for o in outs] for outs in outcomes]
        if which is None:
            verdicts.update(o.outcome for outs in outcomes for o in outs)
    charges = [len(p.charges) for p in profiles]
    unknown = sum(1 for p in profiles for c in p.charges for f in CHARGE_FACTS if c.fact(f).value == "unknown")
    return {"backend": backend_name, "load": load_s, "compile": compile_s, "rows": rows, "digests": digests,
            "verdicts": verdicts, "decrees": len(corpus), "charges": sum(charges), "unknown": unknown}


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--profiles", type=int, default=500, help="number of generated profiles (default 500)")
    ap.add_argument("--seed", type=int, default=20240501)
    ap.add_argument("--decree", default="LD-7-2022", help="the single decree to time (default LD-7-2022)")
    ap.add_argument("--backends", default="python,durable", help="comma-separated (default python,durable)")
    ap.add_argument("--max-seconds", type=float, default=60.0,
                    help="per backend and scope, stop after the profile that crosses this many seconds and report "
                         "the rate on the profiles done (default 60; 0 = always all N)")
    ap.add_argument("--jobs", type=int, default=2,
                    help="backends measured at once, one process each (default 2; use 1 on a busy or 1-core machine)")
    args = ap.parse_args(argv)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]

    # Same hash seed in every worker: set orders, hence reprs of outcomes, are then comparable.
    os.environ["PYTHONHASHSEED"] = "0"
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=max(1, args.jobs), mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(measure, b, args.profiles, args.seed, args.decree, args.max_seconds)
                   for b in backends]
        results = [f.result() for f in futures]
    wall = time.perf_counter() - started

    first = results[0]
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, "
          f"{max(1, args.jobs)} backend(s) measured at once; {first['decrees']} decrees in the corpus")
    print(f"{args.profiles} profiles (seed {args.seed}): {first['charges']} charges, "
          f"{first['charges'] / max(1, args.profiles):.2f} per profile, {first['unknown']} unknown charge facts")
    for r in results:
        print(f"{r['backend']}: corpus loaded in {r['load']:.1f} s; first call on every decree "
              f"(durable: compile and register rulesets) {r['compile']:.2f} s")
    print()
    print(f"{'backend':<8} {'decrees':<12} {'profiles':>8} {'profiles/s':>10} {'evals/s':>9} {'seconds':>8} "
          f"{'in backend':>10} {'calls':>7} {'grounds':>8}")
    for i in range(len(first["rows"])):
        for r in results:
            label, done, seconds, evals, inside, calls, grounds = r["rows"][i]
            print(f"{r['backend']:<8} {label:<12} {done:>8} {done / seconds:>10.1f} {evals / seconds:>9.1f} "
                  f"{seconds:>8.1f} {100 * inside / seconds:>9.0f}% {calls:>7} {grounds:>8}")
    if any(row[1] < args.profiles for r in results for row in r["rows"]):
        print(f"(a run with fewer than {args.profiles} profiles stopped at the --max-seconds budget; "
              "its rate is over the profiles it did, the first ones generated)")
    print()
    print("outcomes over all decrees:", ", ".join(f"{k} {v}" for k, v in first["verdicts"].most_common()))
    status = 0
    for other in results[1:]:
        differ = total = 0
        for label, ref in first["digests"].items():
            for i, (a, b) in enumerate(zip(ref, other["digests"][label])):
                for (decree, va, ha), (_, vb, hb) in zip(a, b):
                    total += 1
                    if ha != hb:
                        differ += 1
                        if differ <= 5:
                            print(f"DIFFERENT: profile {i} under {decree}: {first['backend']} {va}, "
                                  f"{other['backend']} {vb}")
        print(f"{other['backend']} vs {first['backend']}: {total - differ} of {total} outcomes identical "
              "(profiles both runs did)")
        status = status or (1 if differ else 0)
    print(f"wall time {wall:.0f} s")
    return status


if __name__ == "__main__":
    sys.exit(main())
