"""Load test of the JSON API: N evaluate requests from C concurrent clients, on localhost only.

    python benchmarks/web_load.py --requests 1000 --clients 8

Starts ``amnestyrules serve`` on a free port of 127.0.0.1, then C client threads, each on its
own keep-alive connection, POST the example profiles (examples/*.yaml, in turn) to
/api/evaluate until N requests have been sent, and prints requests/s, latency percentiles and
the errors (any answer but 200 with the profile's JSON envelope, or a failed connection). Each
backend of ``--backends`` is measured on the same server, one after the other, ``--rounds``
times in alternation (so the figures of the two are taken side by side). Bounded: N requests
per run, a per-request timeout, and ``--max-seconds`` per run (requests not sent by then are
reported as not sent). Exit status 1 if any request failed.

Figures, not pass/fail on speed: see benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from web_support import running_server  # noqa: E402

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def run(base: str, backend: str, requests: int, clients: int, max_seconds: float, timeout: float) -> dict[str, object]:
    host, port = base.removeprefix("http://").split(":")
    bodies = [(p.stem, p.read_bytes()) for p in EXAMPLES]
    lock = threading.Lock()
    sent = 0
    latencies: list[float] = []
    errors: list[str] = []
    deadline = time.monotonic() + max_seconds

    def client() -> None:
        nonlocal sent
        conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
        try:
            while True:
                with lock:
                    if sent >= requests or time.monotonic() > deadline:
                        return
                    index = sent
                    sent += 1
                name, body = bodies[index % len(bodies)]
                start = time.perf_counter()
                try:
                    conn.request("POST", f"/api/evaluate?backend={backend}", body=body,
                                 headers={"Content-Type": "application/yaml"})
                    response = conn.getresponse()
                    payload = response.read()
                    elapsed = time.perf_counter() - start
                    ok = response.status == 200 and json.loads(payload)["profile"] == name
                    problem = None if ok else f"{name}: HTTP {response.status} {payload[:200]!r}"
                except (OSError, http.client.HTTPException, ValueError, KeyError) as exc:
                    elapsed = time.perf_counter() - start
                    problem = f"{name}: {type(exc).__name__}: {exc}"
                    conn.close()
                    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
                with lock:
                    latencies.append(elapsed)
                    if problem:
                        errors.append(problem)
        finally:
            conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    done = len(latencies)
    return {"backend": backend, "requests": done, "not_sent": requests - done, "errors": errors, "seconds": wall,
            "rps": done / wall if wall else 0.0,
            "p50": percentile(latencies, 50) * 1000, "p90": percentile(latencies, 90) * 1000,
            "p99": percentile(latencies, 99) * 1000, "max": max(latencies) * 1000,
            "mean": statistics.fmean(latencies) * 1000}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--backends", default="compiled,python,durable")
    ap.add_argument("--rounds", type=int, default=1, help="measure each backend this many times, in alternation")
    ap.add_argument("--max-seconds", type=float, default=600.0, help="stop sending after this long, per run")
    ap.add_argument("--timeout", type=float, default=120.0, help="per request, seconds")
    args = ap.parse_args()
    print(f"# Python {platform.python_version()}, {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f}; {args.requests} POST /api/evaluate (every decree) per run from "
          f"{args.clients} clients, bodies: {len(EXAMPLES)} example profiles in turn; one server, one engine thread")
    print(f"{'backend':8} {'requests':>8} {'errors':>6} {'seconds':>8} {'req/s':>7} {'p50 ms':>7} {'p90 ms':>7} "
          f"{'p99 ms':>7} {'max ms':>7}")
    failed = False
    with running_server() as base:
        for _ in range(args.rounds):
            for backend in args.backends.split(","):
                r = run(base, backend, args.requests, args.clients, args.max_seconds, args.timeout)
                errors = r["errors"]
                assert isinstance(errors, list)
                print(f"{r['backend']:8} {r['requests']:>8} {len(errors):>6} {r['seconds']:>8.1f} {r['rps']:>7.1f} "
                      f"{r['p50']:>7.0f} {r['p90']:>7.0f} {r['p99']:>7.0f} {r['max']:>7.0f}"
                      + (f"   ({r['not_sent']} not sent: --max-seconds)" if r["not_sent"] else ""))
                for e in errors[:5]:
                    print(f"  error: {e}")
                failed = failed or bool(errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
