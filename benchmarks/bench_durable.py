"""The durable backend against raw durable_rules: the same rulesets, the same facts.

Raw durable_rules here is what a program using the engine directly would do with our rulesets:
post the already-encoded facts to a session of each ruleset (``Host.assert_facts``), let the
rules' actions collect what matched, delete the session. The backend does the same plus what
makes it a backend: encoding each ground charge into engine keys, session ids and cleanup,
checking that the engine saw every fact, and turning the matches into one set of check names per
ground. Both run on a private Host without durable's timer threads (the backend's own choice,
module docstring of engine/backends/durable.py), in two shapes: every ground in one call
(sessions of 1,000 facts, as the backend chunks them), and one ground per call (what the engine
asks for a charge with nothing unknown).
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from typing import Any

AS_OF = dt.date(2026, 1, 1)


def _grounds(decree_id: str, n: int, seed: int) -> tuple[Any, list[dict[str, object]]]:
    from population import population

    from amnestyrules import load_profile
    from amnestyrules.engine.checks import check_table
    from amnestyrules.engine.grounding import partial_ground
    from amnestyrules.law.corpus import default_corpus
    corpus = default_corpus()
    decree = corpus.decree(decree_id)
    grounds: list[dict[str, object]] = []
    for data in population(n, seed, corpus.catalogue, known=True):
        p = load_profile(data, corpus.catalogue)
        for c in p.charges:
            grounds.append(dict(partial_ground(c, p.person, decree, corpus.catalogue, AS_OF).known))
        if len(grounds) >= n:
            break
    return check_table(decree), grounds[:n]


def raw_against_backend(decree_id: str, n: int, seed: int, repeat: int) -> dict[str, Any]:
    from durable.engine import Host

    from amnestyrules.engine.backends.durable import CHUNK, DurableBackend, _engine
    table, grounds = _grounds(decree_id, n, seed)
    backend = DurableBackend.shared()
    backend.evaluate(table, grounds[:10])                 # compile and register (not timed)
    compiled = _engine().compiled(table)

    class QuietHost(Host):  # type: ignore[misc, valid-type]
        def _run(self) -> None:
            return None

    host = QuietHost()
    hits: list[Any] = []

    def record(check: str) -> Any:
        def action(c: Any) -> None:
            hits.append(c.m)
        return action
    host.set_rulesets(compiled.definitions(record, lambda c: hits.append(c.m)))
    encoded = [compiled.encode(g) for g in grounds]      # raw durable is given its facts ready-made
    shards = [(name, keys) for name, _, keys in compiled.shards]
    single = len(shards) == 1
    sessions = iter(range(1, 10**9))

    def facts(rows: list[dict[str, int]], keys: Any, sid: str, start: int) -> list[dict[str, object]]:
        out = []
        for i, row in enumerate(rows):
            f: dict[str, object] = dict(row) if single else {k: row[k] for k in keys if k in row}
            f.update(sid=sid, id=start + i, g=1)
            out.append(f)
        return out

    def raw(rows: list[dict[str, int]]) -> None:
        for start in range(0, len(rows), CHUNK):
            sid = f"r{next(sessions)}"
            for name, keys in shards:
                host.assert_facts(name, facts(rows[start:start + CHUNK], keys, sid, start))
                host.delete_state(name, sid)

    def best(fn: Any) -> float:
        runs = []
        for _ in range(repeat):
            hits.clear()
            t = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - t)
        return statistics.median(runs)

    few = min(len(grounds), 2000)
    return {
        "grounds": len(grounds), "shards": len(shards), "rules": sum(len(r) for _, r, _ in compiled.shards),
        "batch_backend_s": best(lambda: backend.evaluate(table, grounds)),
        "batch_raw_s": best(lambda: raw(encoded)),
        "single_backend_s": best(lambda: [backend.evaluate(table, [g]) for g in grounds[:few]]) * len(grounds) / few,
        "single_raw_s": best(lambda: [raw([e]) for e in encoded[:few]]) * len(grounds) / few,
    }
