"""`amnestyrules batch`: a case list (CSV or JSONL) against the decrees, one row per profile and decree."""

from __future__ import annotations

import argparse
import sys
from typing import Callable

from amnestyrules.cli.common import add_as_of, add_command, corpus_of, date_arg
from amnestyrules.cli.progress import ProgressLine
from amnestyrules.errors import InputError


def cmd_batch(args: argparse.Namespace) -> int:
    from amnestyrules.population.batch import Tick, evaluate_case_list
    corpus = corpus_of(args)
    as_of = date_arg(args.as_of) if args.as_of else None
    if args.jobs < 0:
        raise InputError("<command line>", "--jobs", "a number of processes (0: one per CPU)", args.jobs)
    if args.errors and not args.keep_going:
        raise InputError("<command line>", "--errors", "--keep-going as well (without it the first bad row stops "
                                                       "the run, and no errors file is written)")
    line = ProgressLine()

    def progress(t: Tick) -> None:
        line.update(t.profiles, t.rows, t.fraction)

    try:
        report = evaluate_case_list(args.input, args.out, corpus, decrees=args.decree, as_of=as_of, jobs=args.jobs,
                                    keep_going=args.keep_going, errors=args.errors, progress=progress)
    finally:
        line.close()
    done = (f"{report.profiles:,} profiles ({report.rows_read:,} rows read): {report.results:,} results "
            f"written to {report.output}")
    if report.bad_profiles:
        done += f"; {report.bad_profiles:,} bad profiles set aside in {report.errors}"
    if report.notices:
        done += (f"; {report.notices:,} profiles cite an article the statute catalogue does not list "
                 f"(their answers may rest on an unknown class; amnestyrules validate shows which)")
    print(done, file=sys.stderr)
    return 1 if report.bad_profiles else 0


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]",
             common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = add_command(sub, "batch", "evaluate a case list (CSV one row per charge, or JSONL one profile per line) and "
                    "write one row per profile and decree; a profile's rows must be consecutive in a CSV file", (
        "amnestyrules batch examples/case-list.csv --out results.csv",
        "amnestyrules batch cases.jsonl --out results.jsonl --decree LD-7-2022 --jobs 2 --keep-going"),
        "0 every profile evaluated, 1 some profiles set aside (--keep-going), 2 bad input, 70 internal error")
    p.add_argument("input", help="case list: .csv (one row per charge) or .jsonl (one profile per line)")
    p.add_argument("--out", required=True, metavar="OUTPUT", help="results file: .csv or .jsonl")
    p.add_argument("--decree", action="append", metavar="ID", help="decree id; may repeat (default: every decree)")
    add_as_of(p)
    p.add_argument("--jobs", type=int, default=1, metavar="N", help="worker processes (0: one per CPU; default 1)")
    p.add_argument("--keep-going", action="store_true",
                   help="set bad profiles aside in an errors file (line, column, message) and go on; exit 1 if any")
    p.add_argument("--errors", metavar="FILE",
                   help="where --keep-going writes bad rows (default: OUTPUT's name with .errors.csv/.errors.jsonl)")
    common(p)
    p.set_defaults(func=cmd_batch)
