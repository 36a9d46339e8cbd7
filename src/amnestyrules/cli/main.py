"""The ``amnestyrules`` command line.

Exit status (cli/common.py EXIT_CODES, printed by --help): 0 success, 1 test cases failed
(``amnestyrules test``) or a profile loaded with warnings (``amnestyrules validate``), 2 bad
input (the message names the file, the field and what was expected), 70 an internal error,
130 interrupted. A traceback is never shown unless AMNESTYRULES_DEBUG=1 is set.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Optional, Sequence

from amnestyrules.cli import (
    batch,
    chart,
    compare_explain,
    decrees,
    evaluate,
    serve,
    simulate,
    test,
    timeline,
    validate,
    vocabulary,
)
from amnestyrules.cli.common import EXIT_CODES
from amnestyrules.errors import AmnestyRulesError
from amnestyrules.version import __version__

#: One module per command (explain and compare share one, statutes and facts another), each with
#: ``register(sub, common)``.
COMMANDS = (evaluate, decrees, validate, test, compare_explain, timeline, vocabulary, batch, simulate, chart, serve)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="amnestyrules", description="Evaluate charge profiles against Syrian general-amnesty decrees.",
        epilog=f"start with: amnestyrules evaluate examples/terrorism-blocked-by-death.yaml\n"
               f"each command's --help shows examples.\n\nexit status: {EXIT_CODES}",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"amnestyrules {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--rules", action="append", metavar="DIR",
                       help="extra rules directory (statutes.yaml, decrees/<ID>.yaml); may repeat")

    for module in COMMANDS:
        module.register(sub, common)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
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
