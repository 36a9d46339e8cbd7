"""`amnestyrules decrees`: the corpus in issue order (text, JSON, or the markdown reference)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Callable

from amnestyrules.cli.common import add_command, add_format, add_lang
from amnestyrules.cli.common import corpus_of as _corpus
from amnestyrules.law.corpus import Corpus
from amnestyrules.present.i18n import confidence_label, message


def decrees_text(corpus: Corpus, lang: str = "en") -> str:
    """One decree per line, in the reader's language (titles, kinds and cutoff rules in Arabic)."""
    from amnestyrules.present.table import table  # wcwidth's tables: only for this command
    def m(key: str, **params: object) -> str:
        return message(f"decrees.{key}", lang, **params)

    header = [m(f"col_{c}") for c in ("id", "issued", "cutoff", "kind", "provisions", "confidence", "title")]
    rows = []
    for d in corpus:
        rule = message(f"cutoff_rules.{d.cutoff_rule}", lang)
        kind = m(f"kinds.{d.kind}") if d.kind else ""
        rows.append([d.id, d.issued.isoformat(), m("cutoff", rule=rule, date=d.cutoff.isoformat()), kind,
                     str(len(d.provisions)), confidence_label(d.confidence, lang),
                     d.title_ar if lang == "ar" else d.title_en])
    return "\n".join(table(rows, lang, header)) + "\n"


def cmd_decrees(args: argparse.Namespace) -> int:
    corpus = _corpus(args)
    if args.format == "json":
        from amnestyrules.present.reference import decrees_json
        print(json.dumps(decrees_json(corpus, args.lang), ensure_ascii=False, indent=2))
        return 0
    if args.format == "markdown":
        from amnestyrules.present.reference import decree_reference
        sys.stdout.write(decree_reference(corpus))
        return 0
    sys.stdout.write(decrees_text(corpus, args.lang))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser],
             common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = add_command(sub, "decrees", "list the decrees in issue order", (
        "amnestyrules decrees",
        "amnestyrules decrees --lang ar",
        "amnestyrules decrees --format markdown > docs/decrees.md   # the decree reference"))
    add_format(p, ("text", "json", "markdown"))
    add_lang(p)
    common(p)
    p.set_defaults(func=cmd_decrees)
