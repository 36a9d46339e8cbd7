"""`amnestyrules statutes [ID]` and `amnestyrules facts`: the words a profile is written in.

Both print what :mod:`amnestyrules.present.vocabulary` builds, the same data the web API serves
at /api/statutes and /api/facts.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Callable

from amnestyrules.cli.common import add_command, add_format, corpus_of
from amnestyrules.present.vocabulary import facts_json, facts_text, statute_text, statutes_json, statutes_text


def cmd_statutes(args: argparse.Namespace) -> int:
    catalogue = corpus_of(args).catalogue
    if args.format == "json":
        print(json.dumps(statutes_json(catalogue, args.statute), ensure_ascii=False, indent=2))
    elif args.statute:
        sys.stdout.write(statute_text(catalogue, args.statute, args.lang))
    else:
        sys.stdout.write(statutes_text(catalogue, args.lang))
    return 0


def cmd_facts(args: argparse.Namespace) -> int:
    if args.format == "json":
        print(json.dumps(facts_json(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(facts_text(args.lang))
    return 0


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]",
             common: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add ``statutes`` and ``facts`` to the ``amnestyrules`` command line (called by cli/main.py)."""
    p = add_command(sub, "statutes", "the statute catalogue: ids, names, articles, classes, categories, penalties", (
        "amnestyrules statutes",
        "amnestyrules statutes penal-code --lang ar",
        "amnestyrules statutes --format json > statutes.json"))
    p.add_argument("statute", nargs="?", metavar="ID", help="one statute in full (e.g. penal-code)")
    add_format(p)
    p.add_argument("--lang", choices=("en", "ar"), default="en",
                   help="language of the text listing (the JSON carries English and Arabic)")
    common(p)
    p.set_defaults(func=cmd_statutes)

    p = add_command(sub, "facts", "the facts a charge or a person can carry, with their meanings", (
        "amnestyrules facts",
        "amnestyrules facts --lang ar --format json"))
    add_format(p)
    p.add_argument("--lang", choices=("en", "ar"), default="en",
                   help="language of the text listing (the JSON carries English and Arabic)")
    common(p)
    p.set_defaults(func=cmd_facts)
