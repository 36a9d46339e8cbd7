"""The ``amnestyrules`` command line.

Exit status: 0 success, 1 test cases failed (``amnestyrules test``), 2 bad input (the message
names the file, the field and what was expected). A traceback is never shown unless
AMNESTYRULES_DEBUG=1 is set.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Callable, Optional, Sequence

from .backends import BACKENDS
from .corpus import Corpus, load_corpus
from .errors import AmnestyRulesError, InputError
from .evaluate import evaluate_all
from .loading import Node, parse_date, read_data_file
from .profiles import load_profile_file


def _date_arg(text: str) -> dt.date:
    return parse_date(text, Node(text, "<command line>", "--as-of"))


def _corpus(args: argparse.Namespace) -> Corpus:
    return load_corpus(args.rules or [])


def cmd_evaluate(args: argparse.Namespace) -> int:
    corpus = _corpus(args)
    profile = load_profile_file(args.profile, corpus.catalogue)
    as_of = _date_arg(args.as_of) if args.as_of else None
    if args.decree and args.all:
        raise InputError("<command line>", "--decree/--all", "either --decree ID... or --all, not both")
    decrees = None if (args.all or not args.decree) else args.decree
    outcomes = evaluate_all(profile, decrees, corpus=corpus, backend=args.backend, as_of=as_of)
    if args.format == "json":
        from .render import to_json
        print(to_json(profile, outcomes, corpus, args.lang))
    else:
        from .render import outcomes_text
        sys.stdout.write(outcomes_text(profile, outcomes, corpus, args.lang))
    return 0


def cmd_decrees(args: argparse.Namespace) -> int:
    corpus = _corpus(args)
    if args.format == "json":
        rows = [{"id": d.id, "issued": d.issued.isoformat(), "cutoff": d.cutoff.isoformat(),
                 "cutoff_rule": d.cutoff_rule, "kind": d.kind, "provisions": len(d.provisions),
                 "confidence": d.confidence, "title": d.title_en} for d in corpus]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if args.format == "markdown":
        from .reference import decree_reference
        sys.stdout.write(decree_reference(corpus))
        return 0
    print(f"{'id':<12} {'issued':<10} {'cutoff':<26} {'kind':<17} {'prov':>4}  confidence")
    for d in corpus:
        cut = f"{d.cutoff_rule.replace('_', ' ')} {d.cutoff.isoformat()}"
        print(f"{d.id:<12} {d.issued.isoformat():<10} {cut:<26} {d.kind:<17} {len(d.provisions):>4}  {d.confidence}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    corpus = _corpus(args)
    from .catalogue import load_catalogue
    from .corpus import load_decree_file
    from .profiles import load_profile
    for name in args.files:
        path = Path(name)
        data = read_data_file(path)
        if path.name == "statutes.yaml":
            load_catalogue(Node(data, str(path)))
            kind = "statute catalogue"
        elif isinstance(data, dict) and "provisions" in data:
            load_decree_file(path, corpus.catalogue)
            kind = "decree rule file"
        elif isinstance(data, dict) and "person" in data:
            load_profile(data, corpus.catalogue, str(path))
            kind = "profile"
        elif name.endswith(".cases.yaml"):
            from .cases import load_case_file
            load_case_file(path, corpus)
            kind = "case file"
        else:
            raise InputError(str(path), None, "a decree rule file (with provisions), a profile (with person), "
                             "a statutes.yaml or a *.cases.yaml file")
        print(f"ok  {path}  ({kind})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="amnestyrules",
                                     description="Evaluate charge profiles against Syrian general-amnesty decrees.")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--rules", action="append", metavar="DIR",
                       help="extra rules directory (statutes.yaml, decrees/<ID>.yaml); may repeat")

    p = sub.add_parser("evaluate", help="evaluate a profile against one, several or all decrees")
    p.add_argument("profile", help="profile file (YAML or JSON)")
    p.add_argument("--decree", action="append", metavar="ID", help="decree id, e.g. LD-7-2022; may repeat")
    p.add_argument("--all", action="store_true", help="every decree in the corpus (the default)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--lang", choices=("en", "ar"), default="en")
    p.add_argument("--backend", choices=BACKENDS, default="python")
    p.add_argument("--as-of", metavar="DATE", help="judge surrender deadlines as of this date (YYYY-MM-DD)")
    common(p)
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("decrees", help="list the decrees in issue order")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    common(p)
    p.set_defaults(func=cmd_decrees)

    p = sub.add_parser("validate", help="check rule files, profiles or case files")
    p.add_argument("files", nargs="+")
    common(p)
    p.set_defaults(func=cmd_validate)

    for extra in _EXTRA_COMMANDS:
        extra(sub, common)
    return parser


#: Commands defined in other modules register here (see cases.py, analysis commands).
_EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction, Callable[[argparse.ArgumentParser], None]], None]] = []


def _load_extra_commands() -> None:
    import importlib
    for module in ("amnestyrules.cases", "amnestyrules.analysis", "amnestyrules.timeline"):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name == module:
                continue
            raise
        register = getattr(mod, "register_command", None)
        if register is not None and register not in _EXTRA_COMMANDS:
            _EXTRA_COMMANDS.append(register)


def main(argv: Optional[Sequence[str]] = None) -> int:
    _load_extra_commands()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except AmnestyRulesError as exc:
        print(f"amnestyrules: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: say so in one line, keep the traceback for AMNESTYRULES_DEBUG
        if os.environ.get("AMNESTYRULES_DEBUG"):
            raise
        print(f"amnestyrules: internal error ({type(exc).__name__}: {exc}); "
              f"please report it with the input that caused it (AMNESTYRULES_DEBUG=1 shows the traceback)",
              file=sys.stderr)
        return 70


if __name__ == "__main__":
    sys.exit(main())
