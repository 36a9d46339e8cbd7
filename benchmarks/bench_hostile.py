"""Hostile input, timed: the slowest inputs and the peak memory, over every command.

    python benchmarks/bench_hostile.py                    # the named inputs and 60 drawn by the hostile suite
    python benchmarks/bench_hostile.py --examples 300 --top 20

Two sources of input, each run through the command line as a user would (``amnestyrules ...``):

1. **Named inputs**, the worst found so far (issue 10 and earlier), each under 256 KB: 200 charges
   with everything unknown (evaluate with both backends, explain, compare), 50 and 20 of them
   (compare), 200 sentenced charges with everything unknown (timeline), 200 blocking charges against
   a user decree listing 2,999 articles (explain), 200 distinct charges against a decree of 2,999
   articles and six facts (evaluate with both backends, explain), a selector ``all: [any of 4,000
   articles, any of 4,000 others]`` (both backends), a decree listing 21,000 articles and excluding
   6,000, a case file of 1,000 cases with everything unknown (``test``), and the small refusals
   (YAML 1.1 numbers, lone surrogates, look-alike ids, a rules directory linking to /etc/passwd, a
   decree in two files, a statutes.yaml that is a directory, a symlink loop, a file just under the
   size limit). Each runs in a fresh process, so its wall time and peak resident memory (``ru_maxrss``) are its own.
2. **Drawn inputs**: ``--examples`` profiles and rule files mutated by the strategies of
   tests/test_hostile_input.py (data-level mutations, text-level mutations with YAML tags, anchors,
   duplicate keys, bad bytes), each validated and evaluated against a drawn decree, all in one
   process (its peak memory is reported for the batch), each timed.

It prints every named input, then the ``--top`` slowest of all, the peak memory, and how many runs
broke the target (10 s, 500 MB) or ended in anything but exit 0, 1 or 2. Figures, not pass/fail;
the machine's load shows in the wall times (the header prints the load average).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Optional, Sequence

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 10.0
TARGET_MB = 500.0
RUN = "import sys; from amnestyrules.cli import main; sys.exit(main(sys.argv[1:]))"


# --------------------------------------------------------------------------- the named inputs

def _decree(decree_id: str, provisions: list[dict[str, Any]],
            exclusions: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    _, number, year = decree_id.split("-")
    return {"id": decree_id, "number": int(number), "year": int(year), "kind": "general",
            "title": {"en": "hostile", "ar": "عدائي"}, "issued": f"{year}-01-31",
            "cutoff": {"date": f"{year}-01-31", "rule": "before", "article": "1"}, "confidence": "high",
            "sources": ["benchmark"], "provisions": provisions, "exclusions": list(exclusions)}


def _provision(applies_to: dict[str, Any]) -> dict[str, Any]:
    return {"id": "p1", "article": "1", "summary": {"en": "x", "ar": "x"}, "applies_to": applies_to,
            "benefit": "full"}


def _rules(base: Path, name: str, decree: dict[str, Any]) -> Path:
    directory = base / name / "decrees"
    directory.mkdir(parents=True)
    (directory / f"{decree['id']}.json").write_text(json.dumps(decree, separators=(",", ":")), encoding="utf-8")
    return base / name


def _charges(n: int, unknown: bool, sentenced: bool = False) -> list[dict[str, Any]]:
    articles = [("kidnapping-law", "1"), ("penal-code", "535"), ("counter-terrorism-law", "8"), ("penal-code", "312")]
    out = []
    for i in range(n):
        statute, article = articles[i % len(articles)] if unknown else ("penal-code", "312")
        charge: dict[str, Any] = {"id": f"c{i}", "statute": statute, "article": article, "stage": "convicted",
                                  "offence_date": "unknown" if unknown else "2019-01-01"}
        if not unknown:
            charge["facts"] = {"caused_death": True}
        if sentenced:
            charge["penalty"] = {"kind": "temporary-detention" if statute != "penal-code" else "simple-imprisonment",
                                 "years": 3, "start": "2020-01-01"}
        out.append(charge)
    return out


def _profile(base: Path, name: str, charges: list[dict[str, Any]], known_person: bool = False) -> Path:
    person = {"nationality": "syrian", "born": "1980-01-01"} if known_person else \
        {"born": "unknown", "nationality": "unknown"}
    path = base / f"{name}.json"
    path.write_text(json.dumps({"id": name, "person": person, "charges": charges}), encoding="utf-8")
    return path


def named_runs(base: Path) -> list[tuple[str, list[str]]]:
    """(label, argv) of every named input."""
    death = {"id": "death", "article": "1", "reason": {"en": "death", "ar": "وفاة"}, "when": {"fact": "caused_death"}}
    many = _rules(base, "many-articles", _decree("LD-901-2021", [_provision(
        {"statutes": [{"statute": "penal-code", "articles": [str(i) for i in range(1, 3000)]}]})], [death]))
    facts = {f: True for f in ("armed", "foreign_tie", "terrorist_membership", "smuggling", "ringleader", "recidivist")}
    excl = [{"id": f"x-{f}", "article": "1", "reason": {"en": f, "ar": f}, "when": {"fact": f}}
            for f in ("caused_death", "caused_disability", "personal_harm", "victim_waived")]
    many_facts = _rules(base, "many-articles-facts", _decree("LD-903-2021", [_provision(
        {"statutes": [{"statute": "penal-code", "articles": [str(i) for i in range(1, 3000)]}], "facts": facts})],
        excl))
    pair = _rules(base, "all-any-pair", _decree("LD-902-2021", [_provision({"all": [
        {"statutes": [{"statute": "penal-code", "articles": [str(i) for i in range(1, 4001)]}]},
        {"statutes": [{"statute": "penal-code", "articles": [str(i) for i in range(5001, 9001)]}]}]})]))
    u200 = _profile(base, "unknown-200", _charges(200, True))
    u50 = _profile(base, "unknown-50", _charges(50, True))
    u20 = _profile(base, "unknown-20", _charges(20, True))
    s200 = _profile(base, "sentenced-unknown-200", _charges(200, True, sentenced=True))
    b200 = _profile(base, "blocking-200", _charges(200, False), known_person=True)
    distinct = base / "distinct-200.json"
    distinct.write_text(json.dumps({"id": "distinct", "person": {"born": "unknown", "nationality": "unknown"},
                                    "charges": [{"id": f"c{i}", "statute": "penal-code", "article": str(100 + i),
                                                 "stage": "convicted", "offence_date": "unknown"}
                                                for i in range(200)]}), encoding="utf-8")
    covered = [str(i) for i in range(6001, 9999)] + [f"{i} bis" for i in range(1, 9999)] + \
        [f"{i} ter" for i in range(1, 7000)]
    wide = {"id": "wide", "article": "2", "reason": {"en": "x", "ar": "x"},
            "when": {"statutes": [{"statute": "penal-code", "articles": [str(i) for i in range(1, 6001)]}]}}
    listed = _rules(base, "listed-21000", _decree("LD-904-2021", [_provision(
        {"statutes": [{"statute": "penal-code", "articles": covered}]})], [wide]))
    cases = base / "many.cases.yaml"
    cases.write_text(json.dumps({"cases": [
        {"name": f"case {i}", "decree": "all", "expect": {"outcome": "released"},
         "profile": {"id": f"p{i}", "person": {"born": "unknown"}, "charges": [
             {"id": "c1", "statute": "penal-code", "article": str(200 + i), "stage": "convicted",
              "offence_date": "unknown"}]}} for i in range(1000)]}, separators=(",", ":")), encoding="utf-8")
    runs: list[tuple[str, list[str]]] = [
        ("200 unknown charges, evaluate (python)", ["evaluate", str(u200)]),
        ("200 unknown charges, evaluate (durable)", ["evaluate", str(u200), "--backend", "durable"]),
        ("200 unknown charges, evaluate --format json", ["evaluate", str(u200), "--format", "json"]),
        ("200 unknown charges, compare", ["compare", str(u200)]),
        ("50 unknown charges, compare", ["compare", str(u50)]),
        ("20 unknown charges, compare", ["compare", str(u20)]),
        ("20 unknown charges, compare (durable)", ["compare", str(u20), "--backend", "durable"]),
        ("200 unknown charges, explain LD-7-2022", ["explain", str(u200), "--decree", "LD-7-2022"]),
        ("200 unknown charges, explain LD-20-2019", ["explain", str(u200), "--decree", "LD-20-2019"]),
        ("200 sentenced unknown charges, timeline", ["timeline", str(s200)]),
        ("200 sentenced unknown charges, timeline (durable)", ["timeline", str(s200), "--backend", "durable"]),
        ("200 blocking charges, 2,999-article decree, explain",
         ["explain", str(b200), "--rules", str(many), "--decree", "LD-901-2021"]),
        ("200 blocking charges, 2,999-article decree, evaluate",
         ["evaluate", str(b200), "--rules", str(many), "--decree", "LD-901-2021"]),
        ("200 distinct charges, 2,999 articles + 6 facts, evaluate (python)",
         ["evaluate", str(distinct), "--rules", str(many_facts), "--decree", "LD-903-2021"]),
        ("200 distinct charges, 2,999 articles + 6 facts, evaluate (durable)",
         ["evaluate", str(distinct), "--rules", str(many_facts), "--decree", "LD-903-2021", "--backend", "durable"]),
        ("200 distinct charges, 2,999 articles + 6 facts, explain",
         ["explain", str(distinct), "--rules", str(many_facts), "--decree", "LD-903-2021"]),
        ("200 distinct charges, every decree + 2,999 articles + 6 facts, compare",
         ["compare", str(distinct), "--rules", str(many_facts)]),
        ("all: [any of 4,000, any of 4,000], durable",
         ["evaluate", str(b200), "--rules", str(pair), "--decree", "LD-902-2021", "--backend", "durable"]),
        ("all: [any of 4,000, any of 4,000], python",
         ["evaluate", str(b200), "--rules", str(pair), "--decree", "LD-902-2021"]),
        ("200 distinct charges, 2,999 articles + 6 facts, explain (durable)",
         ["explain", str(distinct), "--rules", str(many_facts), "--decree", "LD-903-2021", "--backend", "durable"]),
        ("200 blocking charges, 2,999-article decree, explain (durable)",
         ["explain", str(b200), "--rules", str(many), "--decree", "LD-901-2021", "--backend", "durable"]),
        ("200 unknown charges, explain LD-20-2019 (durable, Arabic)",
         ["explain", str(u200), "--decree", "LD-20-2019", "--backend", "durable", "--lang", "ar"]),
        ("a decree listing 21,000 articles and excluding 6,000 (254 KB), decrees",
         ["decrees", "--rules", str(listed)]),
        ("1,000 cases with everything unknown against every decree, test (both backends)",
         ["test", str(cases)]),
    ]
    return runs + _small_refusals(base)


def _small_refusals(base: Path) -> list[tuple[str, list[str]]]:
    """The cheap inputs of issue 10: each must end in a one-line refusal (exit 2)."""
    out: list[tuple[str, list[str]]] = []
    charge = "  - {id: c1, statute: penal-code, article: %s, stage: accused}\n"
    for label, article in (("article: 0304 (YAML 1.1 octal)", "0304"), ("article: 5:12 (sexagesimal)", "5:12")):
        path = base / f"yaml11-{len(out)}.yaml"
        path.write_text("id: p\nperson: {nationality: syrian}\ncharges:\n" + charge % article, encoding="utf-8")
        out.append((label, ["evaluate", str(path)]))
    surrogate = base / "surrogate.json"
    surrogate.write_text('{"id": "p\\ud800", "person": {}, "charges": [{"id": "c1", "statute": "penal-code", '
                         '"article": "312", "stage": "accused"}]}', encoding="utf-8")
    out.append(("a lone surrogate in an id, evaluate --format json", ["evaluate", str(surrogate), "--format", "json"]))
    spoof = base / "spoof.json"
    spoof.write_text(json.dumps({"id": "p", "person": {}, "charges": [
        {"id": cid, "statute": "penal-code", "article": "312", "stage": "accused"} for cid in ("c1", "C1")]}),
        encoding="utf-8")
    out.append(("look-alike charge ids c1 / C1", ["evaluate", str(spoof)]))
    linked = base / "linked" / "decrees"
    linked.mkdir(parents=True)
    if Path("/etc/passwd").exists():
        (linked / "LD-1-2000.yaml").symlink_to("/etc/passwd")
        out.append(("a decree file linked to /etc/passwd", ["decrees", "--rules", str(linked.parent)]))
    twice = base / "twice" / "decrees"
    twice.mkdir(parents=True)
    shipped = ROOT / "rules" / "decrees" / "LD-7-2022.yaml"
    shutil.copy(shipped, twice / "LD-7-2022.yaml")
    shutil.copy(shipped, twice / "LD-7-2022.json")
    out.append(("a decree as .yaml and .json", ["decrees", "--rules", str(twice.parent)]))
    (base / "statutes-dir" / "statutes.yaml").mkdir(parents=True)
    out.append(("statutes.yaml that is a directory", ["decrees", "--rules", str(base / "statutes-dir")]))
    loop = base / "loop.yaml"
    loop.symlink_to(loop)
    out.append(("a symlink loop", ["validate", str(loop)]))
    big = base / "big.yaml"
    big.write_bytes(b"charges: [" + b"1, " * ((256_000 - 20) // 3) + b"1]")
    out.append(("a YAML file just under the size limit", ["validate", str(big)]))
    return out


def run_one(argv: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak MB and exit status of one command in a fresh process."""
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", RUN, *argv], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.monotonic() - started, usage.ru_maxrss / 1024, proc.returncode


# --------------------------------------------------------------------------- the drawn inputs

def drawn_runs(base: Path, examples: int) -> list[tuple[str, list[str]]]:
    """Inputs drawn by the hostile suite's strategies (tests/test_hostile_input.py), as files."""
    sys.path.insert(0, str(ROOT / "tests"))
    import yaml
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    import test_hostile_input as suite  # type: ignore[import-not-found]  # the suite: strategies, inputs
    files: list[tuple[str, list[str]]] = []
    counter = itertools.count()

    @settings(max_examples=examples, database=None, phases=[Phase.generate], deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def draw(data: st.DataObject) -> None:
        i = next(counter)     # unique even when Hypothesis abandons a draw half-way
        kind = data.draw(st.sampled_from(("profile", "profile-text", "decree-text", "profile-json")))
        decree = data.draw(st.sampled_from(suite.CORPUS.ids()))
        if kind == "profile":
            doc = data.draw(suite.mutated(data.draw(suite._profile_base())))
            path = base / f"drawn-{i}.json"
            path.write_text(json.dumps(doc, default=str), encoding="utf-8", errors="surrogatepass")
        elif kind == "profile-json":
            doc = data.draw(suite.mutated(data.draw(suite._profile_base()), suite.yaml_values))
            path = base / f"drawn-{i}.json"
            path.write_text(json.dumps(doc, default=str), encoding="utf-8")
        elif kind == "profile-text":
            text = yaml.safe_dump(data.draw(suite._profile_base()), allow_unicode=True, sort_keys=False)
            path = base / f"drawn-{i}.yaml"
            path.write_bytes(data.draw(suite.mutated_text(text, str(base / "PWNED"))))
        else:
            stem = data.draw(st.sampled_from(sorted(suite.DECREE_DATA)))
            text = (suite.shipped_rules_dir() / "decrees" / f"{stem}.yaml").read_text(encoding="utf-8")
            path = base / f"drawn-{i}" / f"{stem}.yaml"
            path.parent.mkdir()
            path.write_bytes(data.draw(suite.mutated_text(text, str(base / "PWNED"))))
            files.append((f"drawn {kind} #{i}", ["validate", str(path)]))
            return
        files.append((f"drawn {kind} #{i}", ["evaluate", str(path), "--decree", decree]))

    draw()
    return files


def run_batch(runs: list[tuple[str, list[str]]], out: Path) -> None:
    """Worker: run every command in this process, one JSON line per run (seconds, exit status)."""
    import contextlib
    import io

    from amnestyrules.cli import main
    with out.open("w", encoding="utf-8") as sink:
        for label, argv in runs:
            started = time.monotonic()
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                try:
                    rc = main(argv)
                except SystemExit as exc:     # argparse
                    rc = int(exc.code or 0)
            sink.write(json.dumps([label, time.monotonic() - started, rc]) + "\n")
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


# --------------------------------------------------------------------------- report

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=60, help="inputs drawn by the hostile suite's strategies")
    ap.add_argument("--top", type=int, default=15, help="how many of the slowest to list")
    ap.add_argument("--named-only", action="store_true")
    ap.add_argument("--worker", nargs=2, metavar=("RUNS", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        run_batch([(label, argv) for label, argv in json.loads(Path(args.worker[0]).read_text())],
                  Path(args.worker[1]))
        return 0
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    print(f"# Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, "
          f"load average {load[0]:.1f} (wall times grow with it); target {TARGET_SECONDS:g} s and {TARGET_MB:g} MB")
    base = Path(tempfile.mkdtemp(prefix="bench-hostile-"))
    results: list[tuple[str, float, Optional[float], int]] = []
    try:
        print(f"\n{'seconds':>8} {'peak MB':>8} {'exit':>4}  named input (each in its own process)")
        for label, argv in named_runs(base):
            seconds, mb, rc = run_one(argv)
            results.append((label, seconds, mb, rc))
            print(f"{seconds:8.2f} {mb:8.0f} {rc:4d}  {label}", flush=True)
        batch_mb: Optional[float] = None
        if not args.named_only and args.examples > 0:
            drawn = drawn_runs(base, args.examples)
            runs_file, out_file = base / "runs.json", base / "times.jsonl"
            runs_file.write_text(json.dumps(drawn), encoding="utf-8")
            started = time.monotonic()
            proc = subprocess.run([sys.executable, __file__, "--worker", str(runs_file), str(out_file)],
                                  capture_output=True, text=True)
            batch_mb = float(proc.stdout.strip().splitlines()[-1]) if proc.returncode == 0 else None
            for line in out_file.read_text(encoding="utf-8").splitlines():
                label, seconds, rc = json.loads(line)
                results.append((label, seconds, None, rc))
            print(f"\n{len(drawn)} drawn inputs in one process: {time.monotonic() - started:.1f} s in all, "
                  f"peak {batch_mb if batch_mb is not None else float('nan'):.0f} MB"
                  + ("" if proc.returncode == 0 else f" (worker failed: {proc.stderr.strip()[-300:]})"))
        print(f"\nthe {args.top} slowest of {len(results)} runs:")
        for name, took, peak_mb, status in sorted(results, key=lambda r: -r[1])[:args.top]:
            print(f"{took:8.2f} {'' if peak_mb is None else f'{peak_mb:.0f}':>8} {status:4d}  {name}")
        peak = max([mb for _, _, mb, _ in results if mb is not None] + ([batch_mb] if batch_mb else []))
        slow = [r for r in results if r[1] > TARGET_SECONDS]
        heavy = [r for r in results if r[2] is not None and r[2] > TARGET_MB]
        odd = [r for r in results if r[3] not in (0, 1, 2)]
        print(f"\nslowest {max(r[1] for r in results):.2f} s; peak memory {peak:.0f} MB; over {TARGET_SECONDS:g} s: "
              f"{len(slow)}; over {TARGET_MB:g} MB: {len(heavy)}; exit other than 0/1/2: {len(odd)}")
        for label, _, _, rc in odd:
            print(f"  exit {rc}: {label}")
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
