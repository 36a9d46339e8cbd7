"""`amnestyrules timeline`: the decrees applied in issue order to a sentenced profile."""

from __future__ import annotations

import argparse
import sys
from typing import Callable

from amnestyrules.case.profiles import load_profile_file
from amnestyrules.cli.common import (
    add_backend,
    add_budget_option,
    add_command,
    add_format,
    add_lang,
    budget_of,
    corpus_of,
    report_budget,
)
from amnestyrules.loading import Node, parse_date


def cmd_timeline(args: argparse.Namespace) -> int:
    from amnestyrules.analysis.timeline import build_timeline, decrees_until
    from amnestyrules.present.timeline import timeline_json, timeline_text
    corpus = corpus_of(args)
    as_of = parse_date(args.as_of, Node(args.as_of, "<command line>", "--as-of")) if args.as_of else None
    decrees_until(corpus, as_of, "<command line>", "--as-of")
    profile = load_profile_file(args.profile, corpus.catalogue)
    budget = budget_of(args)
    t = build_timeline(profile, corpus=corpus, backend=args.backend, as_of=as_of, budget=budget)
    if args.format == "json":
        import json
        print(json.dumps(timeline_json(t, corpus.catalogue, args.lang), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(timeline_text(t, corpus.catalogue, args.lang))
    report_budget(budget)
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser],
             common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = add_command(sub, "timeline", "apply the decrees in issue order to a sentenced profile: "
                                     "the release date, or the charges that keep the person inside", (
        "amnestyrules timeline examples/sentence-cut-then-pardoned.yaml",
        "amnestyrules timeline client.yaml --as-of 2020-01-01 --lang ar"))
    p.add_argument("profile", help="profile file (YAML or JSON) whose charges carry sentences")
    p.add_argument("--as-of", metavar="DATE", help="only decrees issued on or before DATE; say whether the "
                                                   "person is out by then (YYYY-MM-DD)")
    add_format(p)
    add_lang(p)
    add_backend(p)
    add_budget_option(p)
    common(p)
    p.set_defaults(func=cmd_timeline)
