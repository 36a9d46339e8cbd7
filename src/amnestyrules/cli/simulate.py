"""`amnestyrules simulate`: a synthetic detainee population (a YAML config of stated assumptions)
through the decrees; writes a summary (markdown and JSON) and the charts."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable

import attrs

from amnestyrules.cli.common import add_command, corpus_of
from amnestyrules.cli.progress import ProgressLine
from amnestyrules.errors import InputError


def cmd_simulate(args: argparse.Namespace) -> int:
    from amnestyrules.population.config import load_config
    from amnestyrules.population.report import summary_json, summary_markdown
    from amnestyrules.population.simulate import simulate
    corpus = corpus_of(args)
    config = load_config(args.config, corpus.catalogue)
    if args.size is not None:
        if args.size < 1:
            raise InputError("<command line>", "--size", "a number of people of at least 1", args.size)
        config = attrs.evolve(config, size=args.size, name=f"{config.name} - a sample of {args.size:,}",
                              name_ar=f"{config.name_ar or config.name} - عيّنة من {args.size:,}")
    if args.decree:
        config = attrs.evolve(config, decrees=tuple(args.decree))
    if args.jobs < 0:
        raise InputError("<command line>", "--jobs", "a number of processes (0: one per CPU)", args.jobs)
    for d in (config.decrees or ()) + tuple(args.focus or ()):
        corpus.decree(d)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise InputError(str(out), None, "a directory for the summary and the charts", hint="a file is in the way")
    out.mkdir(parents=True, exist_ok=True)
    line = ProgressLine(total=config.size, unit="people")
    started = time.monotonic()
    try:
        summary = simulate(config, corpus, jobs=args.jobs, progress=lambda n: line.update(n))
    finally:
        line.close()
    elapsed = time.monotonic() - started
    charts = [] if args.no_charts else _charts(summary, corpus, out, args.lang, args.focus)
    (out / "summary.json").write_text(summary_json(summary, config), encoding="utf-8")
    markdown = summary_markdown(summary, corpus.catalogue, args.lang, config, [c for c in charts if c.endswith(".png")])
    (out / "summary.md").write_text(markdown, encoding="utf-8")
    print(f"{summary.size:,} people through {len(summary.decrees)} decrees in {elapsed:,.1f} s: "
          f"{out / 'summary.md'}, {out / 'summary.json'}" + (f" and {len(charts)} charts" if charts else ""),
          file=sys.stderr)
    return 0


def _charts(summary: object, corpus: object, out: Path, lang: str, focus: list[str] | None) -> list[str]:
    from amnestyrules.law.corpus import Corpus
    from amnestyrules.population.charts import blocking_chart, funnel_chart, outcomes_chart, save
    from amnestyrules.population.summary import PopulationSummary
    assert isinstance(summary, PopulationSummary) and isinstance(corpus, Corpus)
    run = [d.decree for d in summary.decrees]
    chosen = list(focus or [d.decree for d in summary.decrees if d.reported is not None and d.reported.figure]
                  or run[-1:])
    written = []
    figures = [("outcomes", outcomes_chart(summary, lang))]
    for decree in chosen:
        if decree not in run:
            raise InputError("<command line>", "--focus", f"a decree the simulation ran ({', '.join(run)})", decree)
        figures.append((f"blocking-{decree}", blocking_chart(summary, decree, corpus.catalogue, lang)))
        figures.append((f"funnel-{decree}", funnel_chart(summary, decree, lang)))
    import matplotlib.pyplot as plt
    for name, fig in figures:
        for ext in ("png", "svg"):
            save(fig, out / f"{name}.{ext}")
            written.append(f"{name}.{ext}")
        plt.close(fig)
    return written


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]",
             common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = add_command(sub, "simulate", "run a synthetic detainee population (YAML config) through the decrees and write "
                    "summary.md, summary.json and the charts to --out", (
        "amnestyrules simulate examples/populations/syria-2022.yaml --out sim --size 2000",
        "amnestyrules simulate examples/populations/deserters-abroad-2022.yaml --lang ar --no-charts"))
    p.add_argument("config", help="population config (YAML), e.g. examples/populations/syria-2022.yaml")
    p.add_argument("--out", default="simulation", metavar="DIR", help="output directory (default: simulation)")
    p.add_argument("--lang", choices=("en", "ar"), default="en", help="language of the summary and the charts")
    p.add_argument("--decree", action="append", metavar="ID", help="only these decrees (default: the config's)")
    p.add_argument("--focus", action="append", metavar="ID",
                   help="draw the blocking-article and funnel charts for this decree; may repeat (default: the "
                        "decrees with reported releases)")
    p.add_argument("--size", type=int, metavar="N",
                   help="draw N people instead of the config's size (the same shares: a quicker sample)")
    p.add_argument("--jobs", type=int, default=1, metavar="N", help="worker processes (0: one per CPU; default 1)")
    p.add_argument("--no-charts", action="store_true", help="write the summaries only")
    common(p)
    p.set_defaults(func=cmd_simulate)
