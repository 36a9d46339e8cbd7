"""`amnestyrules chart`: the decree timeline, and the population charts drawn again from a
summary.json that ``simulate`` wrote (in another language, another format, for another decree)."""

from __future__ import annotations

import argparse
import sys
from typing import Any, Callable

from amnestyrules.cli.common import add_command, corpus_of
from amnestyrules.errors import InputError


def cmd_chart(args: argparse.Namespace) -> int:
    from amnestyrules.population import charts
    corpus = corpus_of(args)
    if args.chart == "timeline":
        if args.start > args.end:
            raise InputError("<command line>", "--start", f"a year not after --end ({args.end})", args.start)
        fig = charts.timeline_chart(corpus, args.lang, start=args.start, end=args.end)
    else:
        from amnestyrules.population.summary import load_summary
        summary = load_summary(args.summary)
        if args.chart == "outcomes":
            fig = charts.outcomes_chart(summary, args.lang)
        else:
            run = [d.decree for d in summary.decrees]
            if args.decree not in run:
                raise InputError("<command line>", "--decree", f"a decree of the summary ({', '.join(run)})",
                                 args.decree)
            fig = (charts.blocking_chart(summary, args.decree, corpus.catalogue, args.lang) if args.chart == "blocking"
                   else charts.funnel_chart(summary, args.decree, args.lang))
    path = charts.save(fig, args.out)
    print(f"wrote {path}", file=sys.stderr)
    return 0


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]",
             common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = add_command(sub, "chart", "draw a chart (PNG or SVG by the file's extension)", (
        "amnestyrules chart timeline --out decrees.svg",
        "amnestyrules chart funnel sim/summary.json --decree LD-7-2022 --lang ar"))
    kinds = p.add_subparsers(dest="chart", required=True)

    def chart(name: str, help: str, default: str) -> Any:
        c = kinds.add_parser(name, help=help)
        c.add_argument("--out", default=default, metavar="FILE", help=f"output file, .png or .svg (default: {default})")
        c.add_argument("--lang", choices=("en", "ar"), default="en", help="language of the labels (default: en)")
        common(c)
        c.set_defaults(func=cmd_chart)
        return c

    t = chart("timeline", "every decree on a time line, coloured by kind", "decree-timeline.png")
    t.add_argument("--start", type=int, default=2011, metavar="YEAR", help="first year shown (default 2011)")
    t.add_argument("--end", type=int, default=2026, metavar="YEAR", help="last year shown (default 2026)")
    o = chart("outcomes", "each decree's outcomes for a simulated population", "outcomes.png")
    o.add_argument("summary", help="summary.json written by amnestyrules simulate")
    for name, what in (("blocking", "the articles that keep people in under one decree"),
                       ("funnel", "one decree's release funnel")):
        c = chart(name, what, f"{name}.png")
        c.add_argument("summary", help="summary.json written by amnestyrules simulate")
        c.add_argument("--decree", required=True, metavar="ID", help="the decree, e.g. LD-7-2022")
