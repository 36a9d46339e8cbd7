"""Printing bench_evaluate.py's figures: one table per section, then every target and its figure."""

from __future__ import annotations

import argparse
from typing import Any, Optional


def _rate(x: Optional[float]) -> str:
    return "-" if x is None else f"{x:,.1f}" if x < 100 else f"{x:,.0f}"


def _met(ok: bool) -> str:
    return "met" if ok else "MISSED"


def print_report(results: dict[str, Any], args: argparse.Namespace, targets: dict[str, float]) -> None:
    summary: list[tuple[str, str, str, str]] = []
    if "loader" in results:
        r = results["loader"]
        print("\n== loader: load_profile from plain data (1-5 charges)")
        print(f"   facts known {_rate(r['known'])} profiles/s, with unknowns {_rate(r['unknowns'])} profiles/s "
              "(issue 9 measured 5,700/s before)")
    if "throughput" in results:
        print(f"\n== throughput: profiles/s, 1-5 charges, {args.profiles} profiles per run (fewer where --max-seconds "
              f"{args.max_seconds:g} stopped it); compiled cold = memos empty at the start, warm = the next "
              f"{args.profiles} profiles")
        print(f"   {'population / scope':<28} {'compiled':>9} {'warm':>9} {'python':>8} {'durable':>8} "
              f"{'cold/py':>8} {'warm/py':>8} {'dur/py':>7}  agree with python")
        for label, row in results["throughput"].items():
            c, p, d = row["compiled"], row["python"], row["durable"]
            warm = c["warm"]
            print(f"   {label:<28} {_rate(c['cold']):>9} {_rate(warm):>9} {_rate(p['cold']):>8} "
                  f"{_rate(d['cold']):>8} "
                  f"{c['cold'] / p['cold']:>7.1f}x {(warm or 0) / p['cold']:>7.1f}x {d['cold'] / p['cold']:>6.2f}x  "
                  f"compiled {row['agree']['compiled']}/{row['compared']}, durable {row['agree']['durable']}/"
                  f"{row['compared']}")
        print("   (profiles done: " + "; ".join(f"{k}: " + ", ".join(f"{b} {v[b]['cold_n']}" for b in
                                                                   ("compiled", "python", "durable"))
                                               for k, v in results["throughput"].items()) + ")")
    if "latency" in results:
        r = results["latency"]
        print("\n== latency: one 3-charge profile, facts known, all decrees, warm (profiles the memos have not seen)")
        for backend, x in r.items():
            print(f"   {backend:<9} median {x['median_ms']:7.2f} ms, 90th percentile {x['p90_ms']:7.2f} ms "
                  f"({x['n']} profiles); the same profile asked again: {x['repeat_ms']:.2f} ms")
        c = r["compiled"]
        print(f"   ratios: python/compiled {r['python']['median_ms'] / c['median_ms']:.0f}x, "
              f"durable/compiled {r['durable']['median_ms'] / c['median_ms']:.0f}x")
        summary.append(("warm 3-charge profile, facts known, all decrees (median)", f"{c['median_ms']:.2f} ms",
                        f"< {targets['latency_ms']:g} ms", _met(c["median_ms"] < targets["latency_ms"])))
    if "cli" in results:
        r = results["cli"]
        print(f"\n== cli: `amnestyrules evaluate PROFILE` over all decrees, wall time (median); {r['exe']}")
        print(f"   generated 3-charge profile (JSON), corpus cache warm: {r['cached_ms']:.0f} ms")
        print("   examples/terrorism-blocked-by-death.yaml (unknown facts to explore), cache warm: "
              f"{r['example_ms']:.0f} ms")
        print(f"   generated profile, corpus cache off (rule files parsed and validated): {r['cache_off_ms']:.0f} ms")
        print(f"   `python -c pass` on this machine: {r['python_startup_ms']:.0f} ms")
        print(f"   parsing every rule file: PyYAML pure-Python {r['parse_ms']['SafeLoader']:.0f} ms, libyaml "
              f"{r['parse_ms']['CSafeLoader']:.0f} ms (what a libyaml loader would save with the cache off)")
        summary.append(("`amnestyrules evaluate PROFILE`, all decrees (cache warm)", f"{r['cached_ms']:.0f} ms",
                        f"< {targets['cli_ms']:g} ms", _met(r["cached_ms"] < targets["cli_ms"])))
    if "worst" in results:
        print("\n== worst profile the loader accepts: 200 charges, everything unknown, all decrees, default budget")
        for backend, x in results["worst"].items():
            print(f"   {backend:<9} {x['seconds']:6.2f} s (then {x['explain_s']:.2f} s to read every explanation), "
                  "peak "
                  f"{x['peak_mb']:.0f} MB (process), {x['spent']} completions, {x['starved']} charge x decree "
                  "answered 'not explored in full'")
        c = results["worst"]["compiled"]
        summary.append(("worst profile: time / peak memory (compiled)", f"{c['seconds']:.2f} s / {c['peak_mb']:.0f} MB",
                        f"< {targets['worst_s']:g} s / {targets['worst_mb']:g} MB",
                        _met(c["seconds"] < targets["worst_s"] and c["peak_mb"] < targets["worst_mb"])))
    if "batch" in results:
        print("\n== batch: evaluate_many over generated profiles, loaded from plain data as they stream")
        for label, x in results["batch"].items():
            print(f"   {label:<18} {x['n']:>7} profiles in {x['seconds']:7.1f} s = {x['n'] / x['seconds']:7,.0f}/s "
                  f"(generating and loading them alone: {x['feed_s']:.1f} s); parent peak {x['peak_mb']:.0f} MB")
        known = results["batch"].get("known jobs=2")
        if known:
            scaled = known["seconds"] * 132_000 / known["n"]
            summary.append(("132,000 profiles, 1-5 charges, all decrees, evaluate_many(jobs=2)",
                            f"{scaled:.0f} s" + ("" if known["n"] == 132_000 else f" (scaled from {known['n']})"),
                            f"< {targets['batch_s']:g} s", _met(scaled < targets["batch_s"])))
    if "durable" in results:
        print("\n== durable backend against raw durable_rules (same rulesets, same facts)")
        worst_ratio = 0.0
        for decree, x in results["durable"].items():
            b = x["batch_backend_s"] / x["batch_raw_s"]
            s = x["single_backend_s"] / x["single_raw_s"]
            worst_ratio = max(worst_ratio, b, s)
            print(f"   {decree:<11} {x['grounds']} grounds, {x['rules']} rules in {x['shards']} ruleset(s): "
                  f"all at once {x['grounds'] / x['batch_backend_s']:,.0f}/s backend vs "
                  f"{x['grounds'] / x['batch_raw_s']:,.0f}/s raw ({b:.2f}x); "
                  f"one per call {x['grounds'] / x['single_backend_s']:,.0f}/s vs "
                  f"{x['grounds'] / x['single_raw_s']:,.0f}/s ({s:.2f}x)")
        summary.append(("durable backend / raw durable_rules (worst of the shapes)", f"{worst_ratio:.2f}x",
                        f"< {targets['durable_x']:g}x", _met(worst_ratio < targets["durable_x"])))
    if summary:
        print("\n== targets (issue 9)")
        width = max(len(s[0]) for s in summary)
        for name, figure, target, verdict in summary:
            print(f"   {name:<{width}}  {figure:>22}  target {target:<18} {verdict}")
