"""Every speed figure of issue 9, measured side by side in one run, with the targets and the ratios.

    python benchmarks/bench_evaluate.py                      # everything (about 10-15 minutes)
    python benchmarks/bench_evaluate.py --quick              # smaller samples (about 2 minutes)
    python benchmarks/bench_evaluate.py --only throughput,latency

Sections (``--only`` takes their names):

* ``loader``: profiles/s of :func:`amnestyrules.load_profile` from plain data;
* ``throughput``: profiles/s for the compiled path, the python backend and the durable backend,
  one decree (LD-7-2022) and all decrees, on a population of 1-5 charges with every fact known
  and one with unknowns (benchmarks/population.py); each backend in a fresh process, one after
  the other; the compiled path cold (its memos empty at the start) and warm (a second set of
  profiles after the first); and whether the backends agree (whole outcomes, explanations read);
* ``latency``: one 3-charge profile with facts known, against all decrees, warm: median and 90th
  percentile over profiles the memos have not seen, per backend;
* ``cli``: wall time of ``amnestyrules evaluate PROFILE`` (all decrees), with the corpus cache warm
  and with it off, and the rule files' parse time with PyYAML's pure-Python and libyaml loaders;
* ``worst``: the worst profile the loader accepts (200 charges, everything unknown, all decrees),
  per backend, in a fresh process: wall time and peak memory;
* ``batch``: N profiles (default 132,000) of 1-5 charges, generated and loaded from plain data as
  they stream, through ``evaluate_many(jobs=2)`` and ``jobs=1``;
* ``durable``: the durable backend against raw durable_rules running the same rulesets on the
  same (pre-encoded) facts.

Figures, not pass/fail: nothing here asserts a speed. Each timing is repeated (``--repeat``) and
the median reported. On a shared machine read the ratios; quote figures with the header printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

AS_OF = dt.date(2026, 1, 1)
TARGETS = {"latency_ms": 1.0, "cli_ms": 150.0, "worst_s": 5.0, "worst_mb": 500.0, "batch_s": 10.0, "durable_x": 2.0}
SECTIONS = ("loader", "throughput", "latency", "cli", "worst", "batch", "durable")


def _spin(n: int) -> float:
    t = time.perf_counter()
    s = 0
    for i in range(n):
        s += i
    return time.perf_counter() - t


def parallel_capacity() -> float:
    """How much faster two processes get through two pieces of pure-Python work than one does, on
    this machine now (2.0 on two idle cores; nearer 1.0 when other work holds a core)."""
    alone = _spin(5_000_000)
    ctx = multiprocessing.get_context("fork")
    t = time.perf_counter()
    with ProcessPoolExecutor(2, mp_context=ctx) as pool:
        list(pool.map(_spin, [5_000_000, 5_000_000]))
    return 2 * alone / (time.perf_counter() - t)


def _corpus() -> Any:
    from amnestyrules.law.corpus import default_corpus
    return default_corpus()


def _data(n: int, seed: int, known: bool, charges: tuple[int, int] = (1, 5)) -> list[dict[str, Any]]:
    from population import population
    return list(population(n, seed, _corpus().catalogue, known=known, charges=charges))


def _load(data: Sequence[dict[str, Any]]) -> list[Any]:
    from amnestyrules import load_profile
    catalogue = _corpus().catalogue
    return [load_profile(d, catalogue, f"<{d['id']}>") for d in data]


def _fingerprint(outcomes: Sequence[Any]) -> str:
    import hashlib
    return hashlib.sha1(repr(outcomes).encode()).hexdigest()


# --------------------------------------------------------------------------- sections

def loader(args: argparse.Namespace) -> dict[str, Any]:
    out = {}
    for known in (True, False):
        data = _data(args.profiles, args.seed, known)
        runs = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            _load(data)
            runs.append(len(data) / (time.perf_counter() - t))
        out["known" if known else "unknowns"] = statistics.median(runs)
    return out


def _throughput_one(backend: str, known: bool, n: int, seed: int, decree: Optional[str],
                    budget_s: float) -> dict[str, Any]:
    """In a fresh process: profiles/s of one backend on one scope (cold, then warm for compiled)."""
    from amnestyrules.engine.evaluate import evaluate, evaluate_all
    corpus = _corpus()
    profiles = _load(_data(2 * n, seed, known))
    first, second = profiles[:n], profiles[n:]
    if backend == "durable":   # compile and register the rulesets first (a one-off cost, printed apart)
        from amnestyrules.engine.backends import get_backend
        from amnestyrules.engine.checks import check_table
        t = time.perf_counter()
        for d in corpus:
            get_backend("durable").evaluate(check_table(d), [{}])
        setup = time.perf_counter() - t
    else:
        setup = 0.0

    def run(ps: list[Any]) -> tuple[float, list[list[Any]]]:
        done: list[list[Any]] = []
        t = time.perf_counter()
        for p in ps:
            done.append(evaluate_all(p, corpus=corpus, backend=backend, as_of=AS_OF) if decree is None
                        else [evaluate(p, decree, corpus=corpus, backend=backend, as_of=AS_OF)])
            if budget_s and time.perf_counter() - t > budget_s:
                break
        return time.perf_counter() - t, done

    cold_s, cold = run(first)
    warm_s, warm = run(second) if backend == "compiled" else (0.0, [])
    prints = [_fingerprint(o) for o in cold]    # (after timing: reads every explanation)
    return {"cold": len(cold) / cold_s, "cold_n": len(cold), "warm": len(warm) / warm_s if warm else None,
            "warm_n": len(warm), "setup": setup, "prints": prints,
            "charges": sum(len(p.charges) for p in first[:len(cold)])}


def throughput(args: argparse.Namespace) -> dict[str, Any]:
    ctx = multiprocessing.get_context("spawn")
    out: dict[str, Any] = {}
    for known in (True, False):
        for scope in (args.decree, None):
            row = {}
            for backend in ("compiled", "python", "durable"):
                with ProcessPoolExecutor(1, mp_context=ctx) as pool:
                    row[backend] = pool.submit(_throughput_one, backend, known, args.profiles, args.seed, scope,
                                               args.max_seconds).result()
            done = min(len(r["prints"]) for r in row.values())
            ref = row["python"]["prints"][:done]
            row["agree"] = {b: sum(x == y for x, y in zip(ref, row[b]["prints"][:done]))
                            for b in ("compiled", "durable")}
            row["compared"] = done
            for r in row.values():
                if isinstance(r, dict):
                    r.pop("prints", None)
            out[f"{'known' if known else 'unknowns'} / {scope or 'all decrees'}"] = row
    return out


def _latency_one(backend: str, n_warm: int, n: int, seed: int) -> dict[str, float]:
    from amnestyrules.engine.evaluate import evaluate_all
    corpus = _corpus()
    warm = _load(_data(n_warm, seed, True))
    sample = _load(_data(n, seed + 1, True, charges=(3, 3)))
    for p in warm:
        evaluate_all(p, corpus=corpus, backend=backend, as_of=AS_OF)
    times = []
    for p in sample:
        t = time.perf_counter()
        evaluate_all(p, corpus=corpus, backend=backend, as_of=AS_OF)
        times.append(time.perf_counter() - t)
    again = []
    for p in sample[:50]:      # the very same profile asked again (an exact memo hit)
        t = time.perf_counter()
        evaluate_all(p, corpus=corpus, backend=backend, as_of=AS_OF)
        again.append(time.perf_counter() - t)
    times.sort()
    return {"median_ms": 1e3 * statistics.median(times), "p90_ms": 1e3 * times[int(0.9 * (len(times) - 1))],
            "repeat_ms": 1e3 * statistics.median(again), "n": len(times)}


def latency(args: argparse.Namespace) -> dict[str, Any]:
    ctx = multiprocessing.get_context("spawn")
    out = {}
    for backend, n_warm, n in (("compiled", args.latency_warm, args.latency_n), ("python", 20, 60),
                               ("durable", 20, 60)):
        with ProcessPoolExecutor(1, mp_context=ctx) as pool:
            out[backend] = pool.submit(_latency_one, backend, n_warm, n, args.seed).result()
    return out


def cli(args: argparse.Namespace) -> dict[str, Any]:
    exe = Path(args.cli_exe) if args.cli_exe else Path(sys.executable).with_name("amnestyrules")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "amnestyrules"]
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "three-charges.json"
        profile.write_text(json.dumps(_data(1, args.seed + 7, True, charges=(3, 3))[0]))
        cache = Path(tmp) / "cache"

        def wall(path: Path, env: dict[str, str], n: int) -> list[float]:
            times = []
            for _ in range(n):
                t = time.perf_counter()
                subprocess.run(cmd + ["evaluate", str(path), "--as-of", AS_OF.isoformat()], env=env, check=True,
                               stdout=subprocess.DEVNULL)
                times.append(1e3 * (time.perf_counter() - t))
            return times
        env = dict(os.environ, AMNESTYRULES_CACHE_DIR=str(cache))
        wall(profile, env, 1)   # fills the cache
        cached = wall(profile, env, args.cli_runs)
        example = wall(ROOT / "examples" / "terrorism-blocked-by-death.yaml", env, args.cli_runs)
        off = wall(profile, dict(env, AMNESTYRULES_CACHE="off"), max(3, args.cli_runs // 3))
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        bare = 1e3 * (time.perf_counter() - t)
    import yaml

    from amnestyrules.law.corpus import _corpus_files, shipped_rules_dir
    texts = [p.read_text(encoding="utf-8") for p in _corpus_files([shipped_rules_dir()])]
    parse = {}
    for name in ("SafeLoader", "CSafeLoader"):
        loader_cls = getattr(yaml, name)
        t = time.perf_counter()
        for text in texts:
            yaml.load(text, Loader=loader_cls)
        parse[name] = 1e3 * (time.perf_counter() - t)
    return {"exe": " ".join(cmd), "cached_ms": statistics.median(cached), "example_ms": statistics.median(example),
            "cache_off_ms": statistics.median(off), "python_startup_ms": bare, "parse_ms": parse}


def _worst_one(backend: str) -> dict[str, Any]:
    import resource

    import amnestyrules as ar
    from amnestyrules.engine.budget import Budget
    corpus = _corpus()
    articles = [("kidnapping-law", "1"), ("penal-code", "535"), ("counter-terrorism-law", "8"), ("penal-code", "312")]
    charges = [{"id": f"c{i}", "statute": articles[i % 4][0], "article": articles[i % 4][1], "stage": "convicted",
                "offence_date": "unknown"} for i in range(200)]
    profile = ar.load_profile({"id": "worst", "person": {"born": "unknown", "nationality": "unknown"},
                               "charges": charges}, corpus.catalogue)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    budget = Budget()
    t = time.perf_counter()
    outcomes = ar.evaluate_all(profile, corpus=corpus, backend=backend, budget=budget, as_of=AS_OF)
    seconds = time.perf_counter() - t
    t = time.perf_counter()
    sum(len(r.reasons) for o in outcomes for r in o.rulings)
    explain = time.perf_counter() - t
    return {"seconds": seconds, "explain_s": explain, "before_mb": before, "spent": budget.spent,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "starved": len(budget.starved)}


def worst(args: argparse.Namespace) -> dict[str, Any]:
    ctx = multiprocessing.get_context("spawn")
    out = {}
    for backend in ("compiled", "python", "durable"):
        with ProcessPoolExecutor(1, mp_context=ctx) as pool:
            out[backend] = pool.submit(_worst_one, backend).result()
    return out


def _batch_one(n: int, seed: int, known: bool, jobs: int) -> dict[str, Any]:
    import resource

    from population import population

    from amnestyrules import evaluate_many, load_profile
    corpus = _corpus()

    def stream() -> Any:
        for d in population(n, seed, corpus.catalogue, known=known):
            yield load_profile(d, corpus.catalogue, "<generated>")
    t = time.perf_counter()
    verdicts: dict[str, int] = {}
    count = 0
    for outcomes in evaluate_many(stream(), corpus=corpus, as_of=AS_OF, jobs=jobs):
        count += 1
        for o in outcomes:
            verdicts[o.outcome] = verdicts.get(o.outcome, 0) + 1
    seconds = time.perf_counter() - t
    t = time.perf_counter()
    sum(1 for _ in stream())    # what generating and loading the profiles alone costs
    feed = time.perf_counter() - t
    return {"n": count, "seconds": seconds, "feed_s": feed, "verdicts": verdicts,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def batch(args: argparse.Namespace) -> dict[str, Any]:
    ctx = multiprocessing.get_context("spawn")
    out = {}
    for known in (True, False):
        n = args.batch if known else args.batch_unknowns
        for jobs in (2, 1):
            with ProcessPoolExecutor(1, mp_context=ctx) as pool:
                out[f"{'known' if known else 'unknowns'} jobs={jobs}"] = pool.submit(_batch_one, n, args.seed, known,
                                                                                     jobs).result()
    return out


def durable(args: argparse.Namespace) -> dict[str, Any]:
    from bench_durable import raw_against_backend
    return {d: raw_against_backend(d, args.durable_grounds, args.seed, args.repeat)
            for d in ("LD-7-2022", "LD-20-2019")}


# --------------------------------------------------------------------------- report

def report(results: dict[str, Any], args: argparse.Namespace) -> None:
    from bench_report import print_report
    print_report(results, args, TARGETS)


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--only", default=",".join(SECTIONS), help=f"sections, comma-separated ({', '.join(SECTIONS)})")
    ap.add_argument("--quick", action="store_true", help="small samples: a smoke run, not figures to quote")
    ap.add_argument("--profiles", type=int, default=2000, help="profiles per throughput run (default 2000)")
    ap.add_argument("--seed", type=int, default=20240501)
    ap.add_argument("--decree", default="LD-7-2022", help="the single decree timed (default LD-7-2022)")
    ap.add_argument("--max-seconds", type=float, default=30.0,
                    help="per backend and scope, stop after the profile that crosses this (default 30; 0: never)")
    ap.add_argument("--repeat", type=int, default=3, help="repetitions of the short timings (median reported)")
    ap.add_argument("--latency-warm", type=int, default=5000, help="profiles evaluated before timing latency")
    ap.add_argument("--latency-n", type=int, default=500, help="profiles timed for latency")
    ap.add_argument("--cli-runs", type=int, default=10)
    ap.add_argument("--cli-exe", help="the amnestyrules command to time (default: this environment's; an editable "
                                      "install adds ~10 ms of start-up, a regular `pip install .` does not)")
    ap.add_argument("--batch", type=int, default=132_000, help="profiles (facts known) through evaluate_many")
    ap.add_argument("--batch-unknowns", type=int, default=5_000, help="profiles (with unknowns) through evaluate_many")
    ap.add_argument("--durable-grounds", type=int, default=20_000)
    args = ap.parse_args(argv)
    if args.quick:
        args.profiles, args.max_seconds, args.repeat, args.latency_warm, args.latency_n = 200, 10.0, 1, 500, 100
        args.cli_runs, args.batch, args.batch_unknowns, args.durable_grounds = 3, 3000, 500, 2000
    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    for s in chosen:
        if s not in SECTIONS:
            ap.error(f"unknown section {s!r}")
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, load average "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}; seed {args.seed}; two processes do "
          f"{parallel_capacity():.2f}x the work of one right now (2.00 = two free cores)", flush=True)
    results: dict[str, Any] = {}
    runners: dict[str, Callable[[argparse.Namespace], Any]] = {
        "loader": loader, "throughput": throughput, "latency": latency, "cli": cli, "worst": worst, "batch": batch,
        "durable": durable}
    started = time.perf_counter()
    for s in chosen:
        t = time.perf_counter()
        results[s] = runners[s](args)
        print(f"  ({s}: {time.perf_counter() - t:.0f} s)", file=sys.stderr, flush=True)
    report(results, args)
    print(f"\nwall time {time.perf_counter() - started:.0f} s; load average now "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
