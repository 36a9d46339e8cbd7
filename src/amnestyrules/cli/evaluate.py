"""`amnestyrules evaluate`: a profile against one, several or all decrees."""

from __future__ import annotations

import argparse
import sys
from typing import Callable

from amnestyrules.case.profiles import load_profile_file
from amnestyrules.cli.common import (
    add_as_of,
    add_backend,
    add_budget_option,
    add_command,
    add_format,
    add_lang,
    budget_of,
    decree_arg,
    report_budget,
    strict_check,
)
from amnestyrules.cli.common import corpus_of as _corpus
from amnestyrules.cli.common import date_arg as _date_arg
from amnestyrules.engine.evaluate import evaluate_all, judged_on
from amnestyrules.errors import InputError


def cmd_evaluate(args: argparse.Namespace) -> int:
    corpus = _corpus(args)
    profile = load_profile_file(args.profile, corpus.catalogue)
    strict_check(profile, args.strict)
    as_of = _date_arg(args.as_of) if args.as_of else None
    if args.decree and args.all:
        raise InputError("<command line>", "--decree/--all", "either --decree ID... or --all, not both")
    # By default the decrees that existed on the day of the question; --all adds the later ones,
    # answered as if they applied then; --decree asks exactly the ones named.
    day = judged_on(as_of)
    decrees = [decree_arg(corpus, d) for d in args.decree] if args.decree else \
        corpus.in_issue_order() if args.all else corpus.issued_by(day)
    left_out = [] if (args.decree or args.all) else corpus.issued_after(day)
    budget = budget_of(args)
    outcomes = evaluate_all(profile, decrees, corpus=corpus, backend=args.backend, as_of=day, budget=budget)
    if args.format == "json":
        from amnestyrules.present.render import to_json
        print(to_json(profile, outcomes, corpus, args.lang, left_out, day))
    elif args.detail:
        from amnestyrules.present.render import outcomes_text
        sys.stdout.write(outcomes_text(profile, outcomes, corpus, args.lang))
    else:
        from amnestyrules.present.summary import summary_text
        sys.stdout.write(summary_text(profile, outcomes, corpus, args.lang, left_out, day))
    report_budget(budget)
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser],
             common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = add_command(sub, "evaluate", "evaluate a profile against one, several or all decrees", (
        "amnestyrules evaluate examples/terrorism-blocked-by-death.yaml --decree LD-7-2022",
        "amnestyrules evaluate examples/deserter-abroad.yaml --as-of 2022-01-25   # on LD-3-2022's issue day",
        "amnestyrules evaluate client.yaml --format json --lang ar"),
        "0 success (whatever the verdict), 2 bad input, 70 internal error")
    p.add_argument("profile", help="profile file (YAML or JSON)")
    p.add_argument("--decree", action="append", metavar="ID", help="decree id, e.g. LD-7-2022; may repeat")
    p.add_argument("--all", action="store_true",
                   help="every decree in the corpus, those issued after the day of the question too (answered as "
                        "if they applied then); the default is every decree issued on or before that day")
    add_format(p)
    add_lang(p)
    add_backend(p)
    add_as_of(p)
    p.add_argument("--detail", action="store_true",
                   help="print every decree's full explanation tree instead of the summary")
    p.add_argument("--strict", action="store_true",
                   help="refuse a profile with warnings (an article the catalogue does not list): exit 2")
    add_budget_option(p)
    common(p)
    p.set_defaults(func=cmd_evaluate)
