"""Memory of a long-lived process: 10,000 profiles with unknown facts, the corpus reloaded 100 times.

    python benchmarks/bench_memory.py                      # python backend, 10,000 profiles
    python benchmarks/bench_memory.py --backend durable
    python benchmarks/bench_memory.py --all-decrees --profiles 2000

Issue 10 found the caches growing without bound (RSS 28 MB -> 4 GB over 200 reloads with the durable
backend; the exploration memo 2.8 GB over 400 profiles). They are bounded now (engine/checks.py,
engine/rulings.py, the durable backend's tables); this script measures it. It generates
profiles of 1-5 charges (half the charges with an unknown fact, some unknown dates and birth
dates) and evaluates profile i against decree i mod 25 (every decree in
turn; ``--all-decrees`` evaluates each profile against every decree, 25 times the work), reloading
the corpus from its files every ``profiles / reloads`` profiles and using the fresh copy from then
on, so caches keyed on decree objects would see 100 generations of them. It prints the resident
set size every tenth of the run and the peak (``ru_maxrss``), against the 500 MB target.
Figures, not pass/fail.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import resource
import sys
import time
from pathlib import Path

from amnestyrules.case.model import Profile
from amnestyrules.case.profiles import load_profile
from amnestyrules.engine.evaluate import evaluate, evaluate_all
from amnestyrules.facts import CHARGE_FACTS, Tri
from amnestyrules.law.catalogue import Catalogue
from amnestyrules.law.corpus import load_corpus

TARGET_MB = 500
#: Facts that follow from others (the loader refuses a stated one that contradicts them): never stated.
DERIVED = {"juvenile"}


def generate_profiles(n: int, seed: int, catalogue: Catalogue) -> list[Profile]:
    """N profiles of 1-5 charges (statute and article from the catalogue's ranges, offence dates
    2005-2024), each charge with its facts drawn and, one time in two, one fact left unknown; a
    birth date unknown one time in ten. Loaded by the real profile loader."""
    rng = random.Random(seed)
    statutes = sorted(catalogue.statutes)
    facts = [f for f in CHARGE_FACTS if f not in DERIVED]
    out: list[Profile] = []
    i = 0
    while len(out) < n:
        i += 1
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 35))
        person: dict[str, object] = {"nationality": rng.choice(["syrian"] * 6 + ["foreign", "unknown"]),
                                     "whereabouts": rng.choice(["custody"] * 3 + ["at_large_abroad"])}
        if rng.random() < 0.9:
            person["born"] = born.isoformat()
        charges = []
        for k in range(rng.randint(1, 5)):
            statute = catalogue.statutes[rng.choice(statutes)]
            spans = [e for e in statute.articles if e.first is not None and e.last is not None]
            entry = rng.choice(spans) if spans else None
            article = rng.randint(entry.first, entry.last) if entry else rng.randint(1, 400)  # type: ignore[arg-type]
            offence = dt.date(2005, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 19))
            known: dict[str, object] = {f: rng.random() < 0.15 for f in facts}
            if rng.random() < 0.5:
                known[rng.choice(facts)] = "unknown"
            charges.append({"id": f"c{k + 1}", "statute": statute.id, "article": str(article),
                            "stage": rng.choice(["accused", "convicted", "convicted_in_absentia"]),
                            "offence_date": "unknown" if rng.random() < 0.05 else offence.isoformat(),
                            "facts": known})
        try:
            out.append(load_profile({"id": f"mem-{i}", "person": person, "charges": charges}, catalogue,
                                    f"<generated profile {i}>"))
        except ValueError:      # an offence before its statute took effect: draw the next one
            continue
    return out


def rss_mb() -> float:
    """Resident set size now (Linux /proc; falls back to the peak elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_mb()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024   # KB on Linux


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--profiles", type=int, default=10_000)
    ap.add_argument("--reloads", type=int, default=100)
    ap.add_argument("--backend", choices=("python", "durable"), default="python")
    ap.add_argument("--all-decrees", action="store_true", help="every profile against every decree")
    ap.add_argument("--seed", type=int, default=20240501)
    args = ap.parse_args()

    print(f"# {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, backend {args.backend}, "
          f"{args.profiles} profiles, {args.reloads} corpus reloads, "
          f"{'all decrees each' if args.all_decrees else 'decree i mod N for profile i'}")
    start_rss = rss_mb()
    corpus = load_corpus()
    profiles = generate_profiles(args.profiles, args.seed, corpus.catalogue)
    unknown = sum(1 for p in profiles if any(Tri.UNKNOWN in c.facts.values() for c in p.charges))
    print(f"profiles with an unknown fact: {unknown} of {len(profiles)}; RSS after generating them "
          f"{rss_mb():.0f} MB (at start {start_rss:.0f} MB)")
    every = max(1, args.profiles // max(1, args.reloads))
    report = max(1, args.profiles // 10)
    reloads = 0
    started = time.perf_counter()
    print(f"{'profiles':>9} {'reloads':>8} {'RSS MB':>8} {'peak MB':>8} {'seconds':>8}")
    for i, profile in enumerate(profiles):
        if i and i % every == 0 and reloads < args.reloads:
            corpus = load_corpus()     # a fresh copy of every decree: new objects, same content
            reloads += 1
        if args.all_decrees:
            evaluate_all(profile, corpus=corpus, backend=args.backend)
        else:
            ids = corpus.ids()
            evaluate(profile, ids[i % len(ids)], corpus=corpus, backend=args.backend)
        if (i + 1) % report == 0:
            print(f"{i + 1:>9} {reloads:>8} {rss_mb():>8.0f} {peak_mb():>8.0f} {time.perf_counter() - started:>8.1f}")
    peak = peak_mb()
    print(f"peak RSS {peak:.0f} MB over {len(profiles)} profiles and {reloads} reloads "
          f"({'under' if peak < TARGET_MB else 'OVER'} the {TARGET_MB} MB target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
