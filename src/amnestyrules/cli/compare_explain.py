"""`amnestyrules explain` and `amnestyrules compare`."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Callable, Optional

from amnestyrules.case.profiles import load_profile_file
from amnestyrules.cli.common import (
    add_as_of,
    add_backend,
    add_budget_option,
    add_command,
    add_format,
    add_lang,
    budget_of,
    corpus_of,
    decree_arg,
    report_budget,
)
from amnestyrules.loading import Node, parse_date

# (the analysis and its presentation are imported by the commands that use them: the CLI imports
# every command's module to build its parser, and these are heavy)

# =========================================================================== command line

def _as_of(args: argparse.Namespace) -> Optional[dt.date]:
    return parse_date(args.as_of, Node(args.as_of, "<command line>", "--as-of")) if args.as_of else None


def cmd_explain(args: argparse.Namespace) -> int:
    from amnestyrules.analysis.questions import explain
    from amnestyrules.present.analysis import explanation_json, explanation_text
    corpus = corpus_of(args)
    decree = decree_arg(corpus, args.decree)
    profile = load_profile_file(args.profile, corpus.catalogue)
    budget = budget_of(args)
    x = explain(profile, decree, corpus, backend=args.backend, as_of=_as_of(args), budget=budget)
    if args.format == "json":
        print(json.dumps(explanation_json(x), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(explanation_text(x, args.lang, corpus.catalogue))
    report_budget(budget)
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from amnestyrules.analysis.compare import compare
    from amnestyrules.present.analysis import comparison_text
    corpus = corpus_of(args)
    decrees = [decree_arg(corpus, d) for d in args.decree] if args.decree else None
    profile = load_profile_file(args.profile, corpus.catalogue)
    budget = budget_of(args)
    c = compare(profile, corpus, decrees=decrees, backend=args.backend, as_of=_as_of(args), budget=budget)
    if args.format == "json":
        print(json.dumps(c.to_json(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(comparison_text(c, args.lang))
    report_budget(budget)
    return 0


def _shared_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("profile", help="profile file (YAML or JSON)")
    add_format(p)
    add_lang(p)
    add_backend(p)
    add_as_of(p)
    add_budget_option(p)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser],
             common: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add ``explain`` and ``compare`` to the ``amnestyrules`` command line (called by cli/main.py)."""
    p = add_command(sub, "explain", "why a decree does not free a profile, and what would", (
        "amnestyrules explain examples/stacked-terrorism-and-weapons.yaml --decree LD-7-2022",
        "amnestyrules explain client.yaml --decree LD-39-2026 --format json"))
    _shared_options(p)
    p.add_argument("--decree", required=True, metavar="ID", help="decree id, e.g. LD-7-2022")
    common(p)
    p.set_defaults(func=cmd_explain)

    p = add_command(sub, "compare", "every decree against a profile: rulings, verdicts, the closest decree", (
        "amnestyrules compare examples/stacked-terrorism-and-weapons.yaml",
        "amnestyrules compare client.yaml --decree LD-7-2022 --decree LD-39-2026"))
    _shared_options(p)
    p.add_argument("--decree", action="append", metavar="ID", help="only these decrees; may repeat")
    common(p)
    p.set_defaults(func=cmd_compare)
