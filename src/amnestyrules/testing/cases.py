"""Lawyer-readable test cases: ``*.cases.yaml``.

A case file holds cases; each case is a profile (inline or a file), a decree (or ``all``), and
what the lawyer expects: the outcome, the blocking charges, the ruling per charge, and
optionally the deciding facts and the conditions. The same files run under pytest (the
plugin in :mod:`amnestyrules.pytest_plugin`) and with ``amnestyrules test PATH...`` for
people who never open Python. Every case runs through every backend asked for.

    cases:
      - name: media activist freed                 # Art. 1 (the clause exercised)
        decree: LD-7-2022
        profile: {id: p1, person: {nationality: syrian}, charges: [...]}
        expect:
          outcome: released
          blocking: []
          rulings: {c1: pardoned}
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Iterator, Optional, Sequence

import attrs

from amnestyrules.case.model import Profile
from amnestyrules.case.profiles import load_profile
from amnestyrules.engine.answers import OUTCOMES, RULINGS, Outcome
from amnestyrules.engine.budget import Budget
from amnestyrules.engine.evaluate import evaluate
from amnestyrules.errors import InputError
from amnestyrules.law.corpus import Corpus
from amnestyrules.loading import Node, read_data_file

CASE_FIELDS = ("name", "clause", "decree", "profile", "profile_file", "as_of", "expect", "notes")
EXPECT_FIELDS = ("outcome", "blocking", "rulings", "deciding_facts", "conditions", "confidence")


@attrs.frozen
class Expectation:
    outcome: str
    blocking: Optional[tuple[str, ...]] = None
    rulings: Optional[dict[str, str]] = None
    deciding_facts: Optional[tuple[str, ...]] = None
    conditions: Optional[tuple[tuple[str, Optional[str]], ...]] = None   # (charge, by-date or None)
    confidence: Optional[str] = None


@attrs.frozen
class Case:
    name: str
    file: str
    index: int
    decrees: tuple[str, ...]
    profile: Profile
    expect: dict[str, Expectation]          # decree id -> expectation
    as_of: Optional[dt.date] = None
    clause: Optional[str] = None


@attrs.frozen
class CaseFailure:
    decree: str
    backend: str
    problems: tuple[str, ...]
    explanation: str


def load_case_file(path: str | Path, corpus: Corpus) -> list[Case]:
    node = Node(read_data_file(path), str(path))
    node.mapping(allowed=("cases", "notes"), required=("cases",))
    out = []
    names: set[str] = set()
    for i, c in enumerate(node.get("cases").list(allow_missing=False)):
        case = _case(c, i, corpus, Path(path))
        if case.name in names:
            raise c.get("name").error("a case name used once in the file", case.name)
        names.add(case.name)
        out.append(case)
    if not out:
        raise node.get("cases").error("at least one case")
    return out


def _case(c: Node, index: int, corpus: Corpus, path: Path) -> Case:
    c.mapping(allowed=CASE_FIELDS, required=("name", "decree", "expect"))
    name = c.get("name").str() or ""
    decree_node = c.get("decree")
    if decree_node.value == "all":
        decrees = tuple(corpus.ids())
    else:
        decrees = tuple(decree_node.str_list())
        for i, d in enumerate(decrees):
            if d not in corpus.decrees:
                from amnestyrules.errors import did_you_mean
                raise Node(d, c.file, f"{decree_node.path}[{i}]" if isinstance(decree_node.value, list)
                           else decree_node.path).error(
                    "a decree id of the corpus (or 'all')", d, did_you_mean(d, corpus.decrees))
    if c.has("profile") == c.has("profile_file"):
        raise c.error("exactly one of profile (inline) or profile_file")
    if c.has("profile"):
        profile = load_profile(c.get("profile").value, corpus.catalogue, f"{c.file}:{c.path}.profile")
    else:
        pfile = (path.parent / (c.get("profile_file").str() or "")).resolve()
        profile = load_profile(read_data_file(pfile), corpus.catalogue, str(pfile))
    as_of = c.get("as_of").date(required=False)
    exp = c.get("expect")
    exp.mapping()
    expect: dict[str, Expectation] = {}
    if isinstance(exp.value, dict) and "outcome" in exp.value:
        single = _expectation(exp, profile)
        expect = {d: single for d in decrees}
    else:
        for d, sub in exp.items():
            if d not in decrees:
                raise sub.error(f"a decree this case evaluates ({', '.join(decrees)})", d)
            expect[d] = _expectation(sub, profile)
        missing = [d for d in decrees if d not in expect]
        if missing and decree_node.value != "all":
            raise exp.error(f"expectations for {', '.join(missing)}")
    return Case(name, c.file, index, tuple(d for d in decrees if d in expect), profile, expect, as_of,
                c.get("clause").str(required=False))


def _expectation(n: Node, profile: Profile) -> Expectation:
    n.mapping(allowed=EXPECT_FIELDS, required=("outcome",))
    charge_ids = {c.id for c in profile.charges}
    blocking: Optional[tuple[str, ...]] = tuple(n.get("blocking").str_list()) if n.has("blocking") or (
        isinstance(n.value, dict) and "blocking" in n.value) else None
    rulings = None
    if n.has("rulings"):
        rulings = {}
        for cid, r in n.get("rulings").mapping().items():
            if cid not in charge_ids:
                raise r.error(f"a charge id of the profile ({', '.join(sorted(charge_ids))})", cid)
            rulings[cid] = r.enum(RULINGS) or ""
    deciding: Optional[tuple[str, ...]] = tuple(n.get("deciding_facts").str_list()) if n.has("deciding_facts") else None
    conditions = None
    if n.has("conditions"):
        items = []
        for c in n.get("conditions").list():
            c.mapping(allowed=("charge", "by"), required=("charge",))
            by = c.get("by").date(required=False)
            items.append((c.get("charge").str() or "", by.isoformat() if by else None))
        conditions = tuple(items)
    return Expectation(n.get("outcome").enum(OUTCOMES) or "", blocking, rulings, deciding, conditions,
                       n.get("confidence").enum(("high", "medium", "low"), required=False))


def check_outcome(expect: Expectation, o: Outcome) -> list[str]:
    """The differences between what the case expects and what the decree gave."""
    problems = []
    if o.outcome != expect.outcome:
        problems.append(f"outcome: expected {expect.outcome}, got {o.outcome}")
    if expect.blocking is not None and sorted(o.blocking) != sorted(expect.blocking):
        problems.append(f"blocking: expected {sorted(expect.blocking)}, got {sorted(o.blocking)}")
    if expect.rulings is not None:
        for cid, want in expect.rulings.items():
            got = o.ruling_for(cid).ruling
            if got != want:
                problems.append(f"ruling of {cid}: expected {want}, got {got}")
    if expect.deciding_facts is not None:
        got_facts = sorted(f"{f.charge}.{f.fact}" if f.charge else f.fact for f in o.deciding_facts)
        if got_facts != sorted(expect.deciding_facts):
            problems.append(f"deciding_facts: expected {sorted(expect.deciding_facts)}, got {got_facts}")
    if expect.conditions is not None:
        got_c = sorted((c.charge, c.by.isoformat() if c.by else None) for c in o.conditions)
        want_c = sorted(expect.conditions, key=lambda x: (x[0], x[1] or ""))
        if got_c != want_c:
            problems.append(f"conditions: expected {want_c}, got {got_c}")
    if expect.confidence is not None and o.confidence != expect.confidence:
        problems.append(f"confidence: expected {expect.confidence}, got {o.confidence}")
    return problems


def run_case(case: Case, corpus: Corpus, backends: Sequence[str] = ("python", "durable"),
             budget: Optional[Budget] = None) -> list[CaseFailure]:
    """Run one case under each backend; ``budget`` (engine/budget.py) is the work it may take (a
    run of many cases shares one: ``amnestyrules test``)."""
    from amnestyrules.present.render import outcome_text
    failures = []
    for backend in backends:
        for d in case.decrees:
            o = evaluate(case.profile, d, corpus=corpus, backend=backend, as_of=case.as_of, budget=budget)
            problems = check_outcome(case.expect[d], o)
            if problems:
                failures.append(CaseFailure(d, backend, tuple(problems), outcome_text(o, corpus.decree(d))))
    return failures


def format_failures(case: Case, failures: Sequence[CaseFailure]) -> str:
    lines = [f"case {case.name!r} ({case.file}, case #{case.index + 1}"
             + (f", clause {case.clause}" if case.clause else "") + ")"]
    # Backends that fail the same way are named together, with the explanation printed once.
    grouped: dict[tuple[str, tuple[str, ...], str], list[str]] = {}
    for f in failures:
        grouped.setdefault((f.decree, f.problems, f.explanation), []).append(f.backend)
    for (decree, problems, explanation), backends in grouped.items():
        names = backends[0] if len(backends) == 1 else ", ".join(backends[:-1]) + " and " + backends[-1]
        lines.append(f"  {decree} [{names} backend{'s' if len(backends) > 1 else ''}]:")
        lines += [f"    {p}" for p in problems]
        lines.append("    explanation:")
        lines += ["      " + line for line in explanation.splitlines()]
    return "\n".join(lines)


def find_case_files(paths: Sequence[str]) -> Iterator[Path]:
    for p in paths:
        path = Path(p)
        if path.is_dir():
            yield from sorted(path.rglob("*.cases.yaml"))
        elif path.is_file():
            yield path
        else:
            raise InputError(p, None, "a case file or a directory of *.cases.yaml files", hint="not found")
