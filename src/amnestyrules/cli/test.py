"""`amnestyrules test`: run lawyer-readable *.cases.yaml files, through pytest and the plugin.

One runner, not two: the command hands the paths to pytest, whose amnestyrules plugin collects
the case files named, so ``-k``, ``-x``, JUnit XML, progress and "no tests collected" behave
exactly as in pytest. The exit status is pytest's: 0 every case passed, 1 a case failed,
2 a case file could not be read (named in the collection error), 5 no case file found.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Callable

from amnestyrules.cli.common import add_budget_option, add_command
from amnestyrules.errors import InputError
from amnestyrules.testing.engines import ENGINE_CHOICES


def cmd_test(args: argparse.Namespace) -> int:
    try:
        import pytest
    except ModuleNotFoundError:
        raise InputError("<command line>", "test", "pytest installed (amnestyrules test runs the cases through "
                         "pytest): pip install 'amnestyrules[testing]'") from None
    argv = [*args.paths, "-p", "no:cacheprovider", "--amnestyrules-backend", args.backend]
    if args.budget is not None:
        argv += ["--amnestyrules-budget", args.budget]
    for d in args.rules or ():
        argv += ["--amnestyrules-rules", d]
    if args.keyword:
        argv += ["-k", args.keyword]
    if args.exitfirst:
        argv.append("-x")
    if args.junitxml:
        argv.append(f"--junitxml={args.junitxml}")
    argv.append("-v" if args.verbose else "-q")
    # Only the case files named: no conftest or ini of the current directory's project applies.
    if not args.inherit_config:
        here = [Path(x).resolve() for x in args.paths]
        root = os.path.commonpath([str(x if x.is_dir() else x.parent) for x in here])
        argv += ["--rootdir", root, "-c", os.devnull]
    return int(pytest.main(argv))


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser],
             common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = add_command(sub, "test", "run lawyer-readable *.cases.yaml files (through pytest)", (
        "amnestyrules test tests/cases/",
        "amnestyrules test tests/cases/LD-7-2022.cases.yaml --backend python -k death",
        "amnestyrules test my-cases/ --junitxml report.xml"),
        "0 every case passed, 1 a case failed, 2 a case file could not be read, 5 no case file found "
        "(pytest's codes)")
    p.add_argument("paths", nargs="+", help="case files or directories holding *.cases.yaml files")
    p.add_argument("--backend", choices=ENGINE_CHOICES, default="all",
                   help="the engines each case runs through (default: all three, which must agree; both: "
                        "python and durable)")
    p.add_argument("-k", dest="keyword", metavar="EXPR", help="only the cases whose name matches (pytest's -k)")
    p.add_argument("-x", "--exitfirst", action="store_true", help="stop at the first failing case")
    p.add_argument("--junitxml", metavar="PATH", help="write a JUnit XML report for CI systems")
    p.add_argument("--inherit-config", action="store_true",
                   help="use the pytest configuration (pyproject.toml, pytest.ini, conftest.py) of the current "
                        "directory too (default: the case files alone)")
    p.add_argument("-v", "--verbose", action="store_true", help="one line per case")
    add_budget_option(p)
    common(p)
    p.set_defaults(func=cmd_test)
