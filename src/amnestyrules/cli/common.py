"""What every command shares: reading --as-of, --rules, --strict and --budget."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from amnestyrules.case.model import Profile
from amnestyrules.engine.budget import DEFAULT_LEAVES, Budget
from amnestyrules.errors import InputError, did_you_mean
from amnestyrules.law.corpus import Corpus, load_corpus
from amnestyrules.law.model import Decree
from amnestyrules.loading import Node, parse_date


def date_arg(text: str) -> dt.date:
    return parse_date(text, Node(text, "<command line>", "--as-of"))


def corpus_of(args: argparse.Namespace) -> Corpus:
    return load_corpus(args.rules or [])


def decree_arg(corpus: Corpus, decree_id: str) -> Decree:
    """A decree named by --decree: an unknown id names the option, not an input file."""
    if decree_id not in corpus.decrees:
        raise InputError("<command line>", "--decree", "a decree id of the corpus (amnestyrules decrees lists them)",
                         decree_id, did_you_mean(decree_id, corpus.decrees))
    return corpus.decree(decree_id)


def strict_check(profile: Profile, strict: bool) -> None:
    """Under ``--strict`` the first loader warning is an error: one line naming the field."""
    if strict and profile.warnings:
        notice = profile.warnings[0]
        more = f"; {len(profile.warnings) - 1} more warning(s)" if len(profile.warnings) > 1 else ""
        raise InputError(notice.file, notice.field, "an article the statute catalogue lists (--strict)",
                         hint=notice.message + more)


# --------------------------------------------------------------------------- help text

#: The exit statuses every command shares (cli/main.py prints them in --help).
EXIT_CODES = ("0 success; 1 test cases failed (test) or a profile loaded with warnings (validate); "
              "2 bad input (one line naming the file, the field and what was expected); "
              "70 an internal error (a bug: AMNESTYRULES_DEBUG=1 shows the traceback); 130 interrupted")


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str, summary: str,
                examples: tuple[str, ...], exits: str = "0 success, 2 bad input, 70 internal error") -> argparse.ArgumentParser:
    """A subcommand whose --help ends with worked examples and its exit statuses."""
    epilog = "examples:\n" + "\n".join(f"  {e}" for e in examples) + f"\n\nexit status: {exits}"
    return sub.add_parser(name, help=summary, description=summary, epilog=epilog,
                          formatter_class=argparse.RawDescriptionHelpFormatter)


def add_format(p: argparse.ArgumentParser, choices: tuple[str, ...] = ("text", "json")) -> None:
    p.add_argument("--format", choices=choices, default=choices[0],
                   help="output format (default: %(default)s); json is the envelope documented in the README")


def add_lang(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=("en", "ar"), default="en",
                   help="language of the text (default: %(default)s); Arabic keeps ids, dates and article "
                        "numbers in left-to-right isolates")


def add_as_of(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as-of", metavar="DATE",
                   help="the day the question is asked (YYYY-MM-DD; default today): deadlines before it that "
                        "were not met have passed")


def add_backend(p: argparse.ArgumentParser) -> None:
    from amnestyrules.engine.backends import BACKENDS
    p.add_argument("--backend", choices=BACKENDS, default="compiled",
                   help="the engine that matches the rules (default: %(default)s, generated functions and a memo; "
                        "python is the reference interpreter; durable the durable-rules Rete engine; all three "
                        "give the same answers)")


#: The largest --budget accepted: about an hour of work (a bound still, if a generous one).
MAX_BUDGET = 10_000_000


def add_budget_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--budget", metavar="LEAVES",
                   help=f"the work this request may do (default {DEFAULT_LEAVES}, about 5 seconds): what does not "
                        "fit is answered 'not explored in full', naming the facts to state")


def budget_of(args: argparse.Namespace) -> Budget:
    """The request's work budget from --budget (engine/budget.py), refused in one line if not a count."""
    text = getattr(args, "budget", None)
    if text is None:
        return Budget()
    value = Node(text, "<command line>", "--budget").int(minimum=1, maximum=MAX_BUDGET)
    return Budget(leaves=value or DEFAULT_LEAVES)


def report_budget(budget: Budget) -> None:
    """Say on stderr (stdout may be JSON) when the budget did not cover the whole request."""
    starved = len(dict.fromkeys(budget.starved))
    if not starved and not budget.unexplored:
        return
    parts = [f"{starved} charge evaluation(s) not explored in full"] if starved else []
    if budget.unexplored:
        parts.append(f"{len(budget.unexplored)} part(s) of the analysis not explored")
    print(f"amnestyrules: note: the work budget ({budget.leaves} leaves) was spent: {'; '.join(parts)}. "
          "State the facts the answer names, or raise --budget.", file=sys.stderr)
