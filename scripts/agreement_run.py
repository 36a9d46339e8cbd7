#!/usr/bin/env python3
"""Backend agreement at volume: python (the oracle), durable-rules and the compiled path on N generated profiles.

    python scripts/agreement_run.py                       # 100,000 profiles, seed 0, every decree
    python scripts/agreement_run.py -n 5000 --seed 7 --jobs 2
    python scripts/agreement_run.py -n 2000 --decree LD-7-2022 --decree LD-36-2023
    python scripts/agreement_run.py -n 20000 --each-against-all   # every profile under every decree
    python scripts/agreement_run.py -n 5000 --synthetic 0.05      # 5% against synthetic decrees

Profiles come from :func:`amnestyrules.testing.profiles`, steered into the scope of the decree
they are evaluated against (a decree drawn at random for each), with unknown facts, stacked
charges, holds and an as-of date drawn as in the property suite. Each profile is evaluated
by both backends and the two Outcomes must be equal, field for field.

What it prints: every disagreement (up to --show, with the profile as YAML and the rulings
that differ), the count of disagreements (expected 0), the run time and throughput, and the
evidence that durable-rules sessions are released: durable's limit is 1,024 live sessions
per ruleset, so a ruleset that served more than 1,024 evaluations without an error shows
that each session was deleted after use. Exit status 0 when the backends agreed on every
profile, 1 otherwise.

Generation uses Hypothesis's engine in batches of --batch examples, each batch seeded from
(--seed, batch number): the same seed and options give the same profiles, whatever --jobs.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import datetime as dt
import sys
import time
import warnings
from typing import Any, Optional, Sequence

import attrs


@attrs.define
class Tally:
    """What one batch (or the whole run) saw."""

    profiles: int = 0
    evaluations: int = 0
    disagreements: int = 0
    examples: list[str] = attrs.field(factory=list)
    durable_calls: collections.Counter = attrs.field(factory=collections.Counter)   # decree id -> backend calls
    durable_grounds: int = 0
    outcomes: collections.Counter = attrs.field(factory=collections.Counter)
    seconds_python: float = 0.0
    seconds_durable: float = 0.0
    seconds_compiled: float = 0.0
    #: of the disagreements, those of the compiled path (the others are durable's)
    compiled_disagreements: int = 0

    def add(self, other: "Tally", show: int) -> None:
        self.profiles += other.profiles
        self.evaluations += other.evaluations
        self.disagreements += other.disagreements
        self.examples += other.examples[: max(show - len(self.examples), 0)]
        self.durable_calls.update(other.durable_calls)
        self.durable_grounds += other.durable_grounds
        self.outcomes.update(other.outcomes)
        self.seconds_python += other.seconds_python
        self.seconds_durable += other.seconds_durable
        self.seconds_compiled += other.seconds_compiled
        self.compiled_disagreements += other.compiled_disagreements


class CountingBackend:
    """The durable backend, counting the calls (each opens and deletes one session per ruleset)."""

    name = "durable"

    def __init__(self, tally: Tally) -> None:
        from amnestyrules.engine.backends import get_backend
        self.inner = get_backend("durable")
        self.tally = tally

    def evaluate(self, table: Any, grounds: Sequence[Any]) -> list[frozenset[str]]:
        if grounds:
            self.tally.durable_calls[table.decree.id] += 1
            self.tally.durable_grounds += len(grounds)
        return self.inner.evaluate(table, grounds)


def _describe(profile: Any, decree: Any, as_of: Optional[dt.date], python: Any, durable: Any,
              other: str = "durable") -> str:
    import yaml

    from amnestyrules.testing import to_profile_data
    lines = [f"--- disagreement ({other}) under {decree.id} (as_of {as_of}):"]
    if isinstance(durable, BaseException):
        lines.append(f"    {other} raised {type(durable).__name__}: {durable}")
    else:
        if python.outcome != durable.outcome:
            lines.append(f"    outcome: python {python.outcome} / {other} {durable.outcome}")
        for p, d in zip(python.rulings, durable.rulings):
            if p != d:
                lines.append(f"    charge {p.charge}: python {p.ruling} ({p.provision}) / {other} {d.ruling} "
                             f"({d.provision})")
        if len(lines) == 1:
            lines.append("    outcomes differ in their explanation only")
    lines.append("    profile:")
    text = yaml.safe_dump(to_profile_data(profile), allow_unicode=True, sort_keys=False)
    lines += ["      " + line for line in text.splitlines()]
    return "\n".join(lines)


def run_batch(args: argparse.Namespace, batch: int, size: int) -> Tally:
    """Generate ``size`` profiles with Hypothesis (seeded by batch) and compare the backends."""
    warnings.simplefilter("ignore")
    from hypothesis import HealthCheck, Phase, given, seed, settings
    from hypothesis import strategies as st

    from amnestyrules import evaluate
    from amnestyrules.law.corpus import Corpus, default_corpus
    from amnestyrules.testing import as_of_dates, decrees, profiles

    corpus = default_corpus()
    chosen = args.decree or corpus.ids()
    tally = Tally()
    durable = CountingBackend(tally)

    @settings(max_examples=size, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @seed(args.seed * 1_000_003 + batch)
    @given(data=st.data())
    def one(data: st.DataObject) -> None:
        if args.synthetic and data.draw(st.integers(0, 9999)) < args.synthetic * 10_000:
            decree = data.draw(decrees(corpus=corpus))
            targets = [decree]
            local = Corpus(corpus.catalogue, {decree.id: decree})
        else:
            decree = corpus.decree(data.draw(st.sampled_from(chosen)))
            targets = [corpus.decree(d) for d in chosen] if args.each_against_all else [decree]
            local = corpus
        profile = data.draw(profiles(corpus=corpus, decree=decree, min_charges=1, max_charges=args.max_charges,
                                     unknown_rate=args.unknown_rate))
        as_of = data.draw(as_of_dates(decree=decree, corpus=corpus))
        tally.profiles += 1
        for target in targets:
            t0 = time.perf_counter()
            expected = evaluate(profile, target, corpus=local, backend="python", as_of=as_of)
            t1 = time.perf_counter()
            try:
                got: Any = evaluate(profile, target, corpus=local, backend=durable, as_of=as_of)
            except Exception as exc:   # reported as a disagreement, the run goes on
                got = exc
            t2 = time.perf_counter()
            try:
                compiled: Any = evaluate(profile, target, corpus=local, backend="compiled", as_of=as_of)
                same = compiled == expected   # reads every explanation the compiled path built lazily
            except Exception as exc:
                compiled, same = exc, False
            t3 = time.perf_counter()
            tally.seconds_python += t1 - t0
            tally.seconds_durable += t2 - t1
            tally.seconds_compiled += t3 - t2
            tally.evaluations += 1
            tally.outcomes[expected.outcome] += 1
            if got != expected:
                tally.disagreements += 1
                if len(tally.examples) < args.show:
                    tally.examples.append(_describe(profile, target, as_of, expected, got))
            if not same:
                tally.disagreements += 1
                tally.compiled_disagreements += 1
                if len(tally.examples) < args.show:
                    tally.examples.append(_describe(profile, target, as_of, expected, compiled, "compiled"))

    one()
    return tally


def _batches(n: int, size: int) -> list[tuple[int, int]]:
    return [(b, min(size, n - b * size)) for b in range((n + size - 1) // size)]


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=100_000, help="profiles to generate (default 100,000)")
    parser.add_argument("--seed", type=int, default=0, help="seed (default 0): same seed, same profiles")
    parser.add_argument("--decree", action="append", metavar="ID", help="only these decrees (repeatable)")
    parser.add_argument("--each-against-all", action="store_true",
                        help="evaluate every profile under every decree chosen (default: under the one it was drawn for)")
    parser.add_argument("--synthetic", type=float, default=0.0, metavar="RATE",
                        help="share of profiles evaluated against a synthetic decree (default 0; each one "
                             "compiles a new durable ruleset that lives until the process ends)")
    parser.add_argument("--max-charges", type=int, default=4)
    parser.add_argument("--unknown-rate", type=float, default=0.15)
    parser.add_argument("--batch", type=int, default=500, help="profiles per Hypothesis run (default 500)")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--show", type=int, default=10, help="disagreements printed in full (default 10)")
    args = parser.parse_args(argv)
    if args.n < 1 or args.batch < 1 or args.jobs < 1:
        parser.error("-n, --batch and --jobs must be at least 1")

    from amnestyrules.law.corpus import default_corpus
    corpus = default_corpus()
    for d in args.decree or ():
        corpus.decree(d)   # an unknown id fails here, with a suggestion
    chosen = args.decree or corpus.ids()
    print(f"agreement run: {args.n} profiles, seed {args.seed}, {len(chosen)} decrees"
          f"{' (each profile under every one)' if args.each_against_all else ' (one drawn per profile)'}"
          f"{f', {args.synthetic:.0%} synthetic' if args.synthetic else ''}, jobs {args.jobs}", flush=True)

    total = Tally()
    started = time.perf_counter()
    batches = _batches(args.n, args.batch)
    done = 0

    def report(t: Tally) -> None:
        nonlocal done
        total.add(t, args.show)
        done += t.profiles
        elapsed = time.perf_counter() - started
        rate = done / elapsed if elapsed else 0.0
        eta = (args.n - done) / rate if rate else 0.0
        print(f"  {done:>8} profiles  {total.evaluations:>8} evaluations  {total.disagreements} disagreements  "
              f"{rate:7.1f} profiles/s  eta {eta / 60:6.1f} min", flush=True)

    if args.jobs == 1:
        for b, size in batches:
            report(run_batch(args, b, size))
    else:
        with concurrent.futures.ProcessPoolExecutor(max_workers=args.jobs) as pool:
            futures = [pool.submit(run_batch, args, b, size) for b, size in batches]
            for f in concurrent.futures.as_completed(futures):
                report(f.result())
    elapsed = time.perf_counter() - started

    for text in total.examples:
        print(text)
    busiest = total.durable_calls.most_common(1)
    print()
    print(f"profiles:        {total.profiles}")
    print(f"evaluations:     {total.evaluations} per backend ({', '.join(f'{k} {v}' for k, v in total.outcomes.most_common())})")
    print(f"disagreements:   {total.disagreements} (expected 0): durable "
          f"{total.disagreements - total.compiled_disagreements}, compiled {total.compiled_disagreements}")
    print(f"run time:        {elapsed:.1f} s wall; python backend {total.seconds_python:.1f} s, "
          f"durable backend {total.seconds_durable:.1f} s, compiled path {total.seconds_compiled:.1f} s "
          "(summed over jobs; the compiled figure includes building every explanation for the comparison)")
    print(f"throughput:      {total.profiles / elapsed:.1f} profiles/s, "
          f"{total.evaluations / elapsed:.1f} evaluations/s "
          f"(each evaluation done by all three)")
    print(f"durable calls:   {sum(total.durable_calls.values())} evaluate() calls, {total.durable_grounds} ground "
          f"charges, over {len(total.durable_calls)} decrees")
    if busiest:
        decree, calls = busiest[0]
        per_job = f" (split over {args.jobs} processes)" if args.jobs > 1 else ""
        verdict = ("more than the 1,024 live sessions durable allows per ruleset: sessions are released"
                   if calls > 1024 * args.jobs or (args.jobs == 1 and calls > 1024)
                   else "fewer than 1,024: raise -n to show that sessions are released")
        print(f"sessions:        busiest decree {decree}: {calls} durable evaluations, each a fresh session "
              f"deleted after use{per_job}; {verdict}")
    return 0 if total.disagreements == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
