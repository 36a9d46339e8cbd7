"""Load time of the shipped corpus, libyaml against the pure-Python YAML parser, side by side.

    python benchmarks/bench_loading.py              # 7 rounds
    python benchmarks/bench_loading.py --rounds 15

``amnestyrules.law.corpus.load_corpus()`` reads 26 YAML files (about 430 KB: the statute catalogue
and every decree) and builds the model. The YAML is parsed by libyaml when PyYAML has it
(``amnestyrules.parsing.PARSER == "libyaml"``), else by PyYAML's pure-Python scanner and parser;
either way the same Python composer enforces the rules of plain data (parsing.py). Each round
loads the corpus once with each parser, alternating, so both see the same machine load; the
script prints the median and the best of each, their ratio, and the same for parsing alone
(``read_data_file`` over the 26 files), with PyYAML's own ``yaml.SafeLoader`` / ``yaml.CSafeLoader``
as references (what the loader cost before issue 9 item 2 was about the first). Figures, not
pass/fail.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from typing import Callable

import yaml

from amnestyrules import parsing
from amnestyrules.law.corpus import load_corpus, shipped_rules_dir
from amnestyrules.loading import read_data_file


def _timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def _with_parser(name: str, call: Callable[[], object]) -> Callable[[], object]:
    def run() -> object:
        chosen, parsing.PARSER = parsing.PARSER, name
        try:
            return call()
        finally:
            parsing.PARSER = chosen
    return run


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args()
    files = sorted((shipped_rules_dir() / "decrees").glob("*.yaml")) + [shipped_rules_dir() / "statutes.yaml"]
    texts = [f.read_text(encoding="utf-8") for f in files]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    print(f"# Python {platform.python_version()}, PyYAML {yaml.__version__} (libyaml: {yaml.__with_libyaml__}), "
          f"{os.cpu_count()} CPUs, load average {load:.1f}; {len(files)} files, {sum(map(len, texts)):,} characters, "
          f"{args.rounds} rounds; default parser: {parsing.PARSER}")
    cases: dict[str, Callable[[], object]] = {
        "load_corpus(), pure-Python parser": _with_parser("python", load_corpus),
        "load_corpus(), libyaml": _with_parser("libyaml", load_corpus),
        "parse the 26 files, pure-Python parser": _with_parser("python", lambda: [read_data_file(f) for f in files]),
        "parse the 26 files, libyaml": _with_parser("libyaml", lambda: [read_data_file(f) for f in files]),
        "reference: yaml.load(SafeLoader), no checks": lambda: [yaml.load(t, Loader=yaml.SafeLoader) for t in texts],
    }
    if yaml.__with_libyaml__:
        cases["reference: yaml.load(CSafeLoader), no checks"] = \
            lambda: [yaml.load(t, Loader=yaml.CSafeLoader) for t in texts]
    for call in cases.values():   # warm: imports, first compilation of regexes
        call()
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(args.rounds):
        for name, call in cases.items():
            times[name].append(_timed(call))
    print(f"{'':46} {'median ms':>10} {'best ms':>9}")
    for name, values in times.items():
        print(f"{name:46} {statistics.median(values) * 1000:10.1f} {min(values) * 1000:9.1f}")
    if yaml.__with_libyaml__:
        for what in ("load_corpus()", "parse the 26 files"):
            slow = statistics.median(times[f"{what}, pure-Python parser"])
            fast = statistics.median(times[f"{what}, libyaml"])
            print(f"{what}: libyaml {slow / fast:.1f}x faster than the pure-Python parser (medians)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
