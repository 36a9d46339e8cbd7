"""Where the time of a simulated population goes: drawing profiles, evaluating them, counting, charting.

    python benchmarks/bench_population.py --size 2000 --repeat 3

Draws ``--size`` people from a population config (default: examples/populations/syria-2022.yaml),
then times, in one run and side by side, each stage of ``amnestyrules simulate``: generating the
profiles (through the profile loader), evaluating them against every decree of the config
(``evaluate_many``, ``--jobs`` processes), tallying the outcomes, writing the summaries, and
drawing the seven charts of a run. Each stage is repeated ``--repeat`` times (the evaluation on a
freshly drawn population each time, so that no cache carries over); the best and median are
printed, with profiles per second and each stage's share of the whole (the evaluation time
includes drawing its population). A full run of N people
costs about N times the per-profile figures.

Figures, not pass/fail: nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import attrs

import amnestyrules as ar
from amnestyrules.population.config import load_config
from amnestyrules.population.generate import generate
from amnestyrules.population.report import summary_json, summary_markdown
from amnestyrules.population.summary import Tally

ROOT = Path(__file__).resolve().parents[1]


def _time(fn: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", default=str(ROOT / "examples" / "populations" / "syria-2022.yaml"))
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    corpus = ar.load_corpus()
    config = attrs.evolve(load_config(args.config, corpus.catalogue), size=args.size)
    decrees = len(config.decrees or corpus.ids())
    print(f"# {platform.python_version()}, {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f}; {args.size:,} people x {decrees} decrees, --jobs {args.jobs}")
    profiles: list[ar.Profile] = []
    outcomes: list[list[ar.Outcome]] = []
    seeds = iter(range(config.seed, config.seed + 1000))

    def evaluate() -> None:
        # A fresh population each time: the engine's caches must not make a repeat look faster.
        profiles[:] = list(generate(attrs.evolve(config, seed=next(seeds)), corpus.catalogue))
        outcomes[:] = list(ar.evaluate_many(profiles, config.decrees, corpus=corpus, as_of=config.as_of,
                                            jobs=args.jobs))

    def tally() -> Tally:
        t = Tally()
        for p, o in zip(profiles, outcomes):
            t.add(p, o)
        return t

    def write() -> None:
        summary = tally().summary(corpus, config.name)
        summary_json(summary, config)
        summary_markdown(summary, corpus.catalogue, "en", config)

    def charts() -> None:
        from amnestyrules.cli.simulate import _charts
        with tempfile.TemporaryDirectory() as tmp:
            _charts(tally().summary(corpus, config.name), corpus, Path(tmp), "en", None)

    stages = [("generate", lambda: list(generate(config, corpus.catalogue))), ("evaluate", evaluate),
              ("tally", tally), ("summaries", write), ("charts", charts)]
    results = []
    for name, fn in stages:             # in order: tally and the rest count the outcomes evaluate left
        results.append((name, _time(fn, args.repeat)))
    total = sum(min(t) for _, t in results)
    print(f"{'stage':<10} {'best s':>9} {'median s':>9} {'profiles/s':>11} {'ms/profile':>11} {'share':>6}")
    for name, times in results:
        best = min(times)
        print(f"{name:<10} {best:>9.2f} {statistics.median(times):>9.2f} {args.size / best:>11,.0f} "
              f"{1000 * best / args.size:>11.3f} {best / total:>6.0%}")
    fixed = min(dict(results)["charts"])   # the charts do not grow with the population
    print(f"whole run of {args.size:,}: {total:.1f} s; 132,000 people at this rate: "
          f"{((total - fixed) / args.size * 132_000 + fixed) / 60:.0f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
