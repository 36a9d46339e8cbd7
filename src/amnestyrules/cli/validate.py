"""`amnestyrules validate`: check rule files, catalogues, profiles and case files.

Exit status: 0 all good, 1 a profile loaded with warnings (an article the catalogue does not
list: the answer will rest on an unknown class), 2 bad input. ``--strict`` makes a warning an
error (exit 2, one line), for pipelines that must not act on a guess.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Callable, Iterator

from amnestyrules.cli.common import add_command, strict_check
from amnestyrules.cli.common import corpus_of as _corpus
from amnestyrules.errors import InputError
from amnestyrules.loading import Node, read_data_file
from amnestyrules.present.reference import RECONCILIATION_FILE, load_reconciliation


def cmd_validate(args: argparse.Namespace) -> int:
    corpus = _corpus(args)
    from amnestyrules.case.profiles import load_profile
    from amnestyrules.law.catalogue import load_catalogue
    from amnestyrules.law.corpus import load_decree_file
    warned = False
    for path in _files(args.files):
        name = str(path)
        data = read_data_file(path)
        if path.name == "statutes.yaml":
            load_catalogue(Node(data, str(path)))
            kind = "statute catalogue"
        elif path.name == RECONCILIATION_FILE:
            load_reconciliation(path)
            kind = "reconciliation with published counts"
        elif isinstance(data, dict) and "provisions" in data:
            load_decree_file(path, corpus.catalogue)
            kind = "decree rule file"
        elif isinstance(data, dict) and "person" in data:
            profile = load_profile(data, corpus.catalogue, str(path))
            strict_check(profile, args.strict)
            for notice in profile.warnings:
                print(f"warning  {notice}")
            warned = warned or bool(profile.warnings)
            kind = "profile" + (f", {len(profile.warnings)} warning(s)" if profile.warnings else "")
        elif name.endswith(".cases.yaml"):
            from amnestyrules.testing.cases import load_case_file
            load_case_file(path, corpus)
            kind = "case file"
        else:
            raise InputError(str(path), None, "a decree rule file (with provisions), a profile (with person), "
                             "a statutes.yaml or a *.cases.yaml file")
        print(f"ok  {path}  ({kind})")
    return 1 if warned else 0


def _files(names: list[str]) -> Iterator[Path]:
    """The files named, a directory standing for every data file under it (in a stable order)."""
    for name in names:
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in DATA_SUFFIXES and p.is_file())
            if not found:
                raise InputError(name, None, "a directory holding rule files, profiles or case files "
                                 f"({', '.join(DATA_SUFFIXES)})", hint="it holds none")
            yield from found
        else:
            yield path


#: What a directory given to validate is searched for.
DATA_SUFFIXES = (".yaml", ".yml", ".json")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser],
             common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = add_command(sub, "validate", "check rule files, statute catalogues, profiles and case files", (
        "amnestyrules validate rules/                      # every rule file of a rules directory",
        "amnestyrules validate client.yaml --strict        # a profile; warnings become errors",
        "amnestyrules validate my-rules/decrees/LD-1-2030.yaml --rules my-rules"),
        "0 all valid, 1 a profile loaded with warnings, 2 bad input, 70 internal error")
    p.add_argument("files", nargs="+", metavar="PATH",
                   help="files, or directories whose *.yaml, *.yml and *.json files are all checked")
    p.add_argument("--strict", action="store_true",
                   help="treat a profile warning (an article the catalogue does not list) as an error")
    common(p)
    p.set_defaults(func=cmd_validate)
