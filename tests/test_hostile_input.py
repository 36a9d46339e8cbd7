"""Hostile input: whatever a profile or rule file contains, the answer is a result or an InputError.

Rule files and profiles come from people (lawyers, researchers) and from other programs. A
mistake in them, or a file crafted to do harm, must end in one of two ways: a valid result,
or :class:`amnestyrules.errors.InputError` whose message names the file and a field (or a line)
- never another exception, never a traceback, never a hang, and never code run because a YAML
tag asked for it.

The inputs are drawn by Hypothesis: valid profiles and rule files (from
:mod:`amnestyrules.testing` and the shipped corpus) mutated at the data level (wrong types,
missing or unknown fields, unknown ids, huge numbers, deep nesting, impossible dates) and at
the text level (YAML tags, anchors and aliases, duplicate keys, non-UTF-8 bytes, truncation),
plus random bytes. They go to every entry point: ``read_data_file``, ``load_profile``,
``load_decree``, ``load_corpus([dir])`` and the CLI. Sizes are bounded; each call must also
finish within HANG_SECONDS. Every input tried is counted (see conftest.py): the total is
printed at the end of the session.
"""

from __future__ import annotations

import collections
import contextlib
import copy
import datetime as dt
import io
import json
import os
import shutil
import signal
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Iterator, Optional
from unittest import mock

import pytest
import yaml
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from amnestyrules import evaluate
from amnestyrules.case.model import Profile
from amnestyrules.case.profiles import load_profile
from amnestyrules.cli import main
from amnestyrules.errors import InputError
from amnestyrules.law.corpus import Corpus, default_corpus, load_corpus, shipped_rules_dir
from amnestyrules.law.rulefiles import load_decree
from amnestyrules.loading import MAX_FILE_BYTES, Node, read_data_file
from amnestyrules.testing import decree_data, profiles, to_profile_data

CORPUS = default_corpus()
CATALOGUE = CORPUS.catalogue
HANG_SECONDS = 20
#: These tests are cheap (a parse and a validation): run more examples than the properties.
SCALE = 4
#: No 'explain' phase: it re-runs failing inputs under a line tracer, which slows the YAML
#: parser tenfold and would turn any first failure into a spurious "hang".
PHASES = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink]
more = settings(max_examples=settings().max_examples * SCALE, phases=PHASES)

Tally = collections.Counter


class Hang(BaseException):
    """Raised by the alarm: a BaseException, so no ``except Exception`` can swallow it."""


@contextlib.contextmanager
def _time_limit(seconds: int = HANG_SECONDS) -> Iterator[None]:
    def alarm(signum: int, frame: Any) -> None:
        raise Hang(f"no answer within {seconds}s")
    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    # A computation in C is not interrupted by the alarm: check the clock as well.
    assert time.monotonic() - started < seconds, f"took more than {seconds}s"


def _feed(tally: Tally, what: str, call: Callable[[], Any], filename: str,
          structured: bool = False) -> Any:
    """Run one loader call on hostile input; a result, or an InputError naming file and field.

    ``structured``: the input is a mapping handed to a field-by-field loader, so the error
    must name a field path (not just the file).
    """
    with _time_limit():
        try:
            result = call()
        except InputError as exc:
            message = str(exc)
            assert message.startswith(f"{exc.file}: {exc.field}: expected "), message
            # The file fed in (or, for a rules directory, a file inside it).
            assert exc.file == filename or exc.file.startswith(filename.rstrip("/") + "/"), message
            assert exc.field, message
            if structured:
                assert exc.field != "(top level)", message
            tally[f"{what}: refused"] += 1
            tally["rejected-as:" + exc.expected[:60]] += 1
            return None
    tally[f"{what}: accepted"] += 1
    return result


def _shipped_once(extra_dirs: Any = (), include_shipped: bool = True) -> Corpus:
    """load_corpus for the CLI under test: the shipped corpus is parsed once per session (the
    pure-Python YAML parser takes about a second for all decrees); a --rules directory is
    loaded for real, every time."""
    if not extra_dirs and include_shipped:
        return CORPUS
    return load_corpus(extra_dirs, include_shipped)


def _cli(tally: Tally, argv: list[str], filename: Optional[str] = None) -> int:
    """Run the CLI; exit 0 or 2, one-line error naming the file, never a traceback."""
    out, err = io.StringIO(), io.StringIO()
    with _time_limit(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            mock.patch("amnestyrules.cli.common.load_corpus", _shipped_once):
        rc = main(argv)
    stderr = err.getvalue()
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    if rc == 1:  # validate: a profile that loaded with warnings (an uncatalogued article), each printed
        assert argv[0] == "validate" and "warning  " in out.getvalue(), (rc, out.getvalue())
    else:
        assert rc in (0, 2), (rc, stderr)
    if rc == 2:
        assert stderr.startswith("amnestyrules: error: "), stderr
        if filename is not None:
            # The file, or the argument at fault (an unknown --decree id is reported as '<input>: decree').
            assert filename in stderr or "<command line>" in stderr or "<input>: decree:" in stderr, stderr
    tally[f"cli {argv[0]}: {('ok', 'warned', 'refused')[rc]}"] += 1
    return rc


# ============================================================================ hostile values

def _deep(depth: int, leaf: Any = "x") -> Any:
    value = leaf
    for i in range(depth):
        value = [value] if i % 2 else {"k": value}
    return value


#: Scalars and shapes people (or programs) get wrong, and a few that are meant to hurt.
hostile_scalars = st.one_of(
    st.none(), st.booleans(),
    st.integers(), st.sampled_from([0, -1, 2**63, -(2**63), 10**40, 10**100]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=30),
    st.sampled_from([
        "", " ", "unknown", "UNKNOWN", "true", "false", "null", "~", "yes", "no", "on",
        "2022-02-30", "2022-13-01", "0000-00-00", "1899-12-31", "2101-01-01", "9999-12-31", "99999-01-01",
        "2022-1-1", "2022/01/01", "01-01-2022", "٢٠٢٢-٠٢-٠١", "202²-01-01", "²", "1e-9999999", "1/0", "0/3",
        "4/3", "-1/3", "nan", "inf", "1e999", "0x1F", "1_000", "9" * 200, "a" * 10_000,
        "LD-7-2022", "LD-0-0", "penal-code", "penal code", "counter-terrorism-law ", "285", "285(", "-5",
        "556 bis", "556 ter(2)", "304-306", "306-304", "{x}", "{0}", "%s", "../../etc/passwd",
        "\u202eevil", "\x00", "line\nbreak", "tab\there", "!!python/object/apply:os.system",
    ]),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
    st.binary(max_size=8),
)
hostile_values = st.one_of(
    hostile_scalars,
    st.lists(hostile_scalars, max_size=4),
    st.dictionaries(st.text(max_size=10), hostile_scalars, max_size=4),
    st.integers(1, 300).map(_deep),
    st.builds(lambda: list(range(300))),   # a fresh list each time: mutations change it in place
)
#: What YAML or JSON text can carry (for the mutations written to files).
yaml_values = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30), st.sampled_from(["2022-02-30", "unknown", "", "9" * 80, "²", "1e-9999999"]),
    st.lists(st.text(max_size=8), max_size=3), st.dictionaries(st.text(max_size=8), st.integers(), max_size=3),
    st.integers(1, 60).map(_deep),
)


# ============================================================================ data mutations

def _paths(value: Any, prefix: tuple = ()) -> Iterator[tuple]:
    """Every path (tuple of keys/indices) inside a parsed document."""
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, prefix + (i,))


def _get(doc: Any, path: tuple) -> Any:
    for key in path:
        doc = doc[key]
    return doc


@st.composite
def mutated(draw: Callable, base: Any, values: st.SearchStrategy[Any] = hostile_values) -> Any:
    """``base`` with 1-3 data-level mutations at random places."""
    doc = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(doc))
        path = draw(st.sampled_from(paths))
        kind = draw(st.sampled_from(("replace", "replace", "delete", "add", "rename", "duplicate", "wrap")))
        if not path:
            if kind in ("replace", "wrap"):
                doc = draw(values) if kind == "replace" else [doc]
            continue
        parent, key = _get(doc, path[:-1]), path[-1]
        if kind == "replace":
            parent[key] = draw(values)
        elif kind == "delete":
            del parent[key]
        elif kind == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "Id", "caused_death", "statue", "facts", "provisions", "1"]))] = \
                draw(values)
        elif kind == "rename" and isinstance(parent, dict):
            parent[str(key).upper() if draw(st.booleans()) else f"{key}_"] = parent.pop(key)
        elif kind == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
        elif kind == "wrap":
            parent[key] = [parent[key]] if draw(st.booleans()) else {"value": parent[key]}
    return doc


def _profile_base() -> st.SearchStrategy[dict[str, Any]]:
    return profiles(corpus=CORPUS, max_charges=3, min_charges=0).map(to_profile_data)


def _decree_files() -> list[Path]:
    return sorted((shipped_rules_dir() / "decrees").glob("*.yaml"))


DECREE_DATA = {p.stem: read_data_file(p) for p in _decree_files()}


def _accepted_profile_is_evaluable(profile: Profile, data: st.DataObject) -> None:
    """A profile the loader accepts must also be evaluable, under any decree."""
    decree_id = data.draw(st.sampled_from(CORPUS.ids()), label="decree")
    with _time_limit():
        evaluate(profile, decree_id, corpus=CORPUS)


@more
@given(data=st.data())
def test_mutated_profiles_are_loaded_or_refused_by_field(data: st.DataObject, hostile_tally: Tally) -> None:
    base = data.draw(_profile_base(), label="profile")
    doc = data.draw(mutated(base), label="mutated")
    profile = _feed(hostile_tally, "load_profile", lambda: load_profile(doc, CATALOGUE, "hostile.yaml"),
                    "hostile.yaml", structured=isinstance(doc, dict))
    if profile is not None:
        _accepted_profile_is_evaluable(profile, data)


@more
@given(data=st.data())
def test_mutated_rule_files_are_loaded_or_refused_by_field(data: st.DataObject, hostile_tally: Tally) -> None:
    if data.draw(st.booleans(), label="shipped"):
        base = DECREE_DATA[data.draw(st.sampled_from(sorted(DECREE_DATA)), label="decree")]
    else:
        base = data.draw(decree_data(corpus=CORPUS), label="synthetic")
    doc = data.draw(mutated(base), label="mutated")
    decree = _feed(hostile_tally, "load_decree", lambda: load_decree(Node(doc, "hostile.yaml"), CATALOGUE),
                   "hostile.yaml", structured=isinstance(doc, dict))
    if decree is not None:
        profile = data.draw(profiles(corpus=CORPUS, decree=decree, max_charges=2), label="profile")
        with _time_limit():
            evaluate(profile, decree, corpus=Corpus(CATALOGUE, {decree.id: decree}))


json_like = st.recursive(
    hostile_scalars,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.one_of(st.text(max_size=8), st.sampled_from(
                                   ["id", "person", "charges", "provisions", "statute", "article", "when"])),
                                   children, max_size=4)),
    max_leaves=25)


@more
@given(doc=json_like)
def test_arbitrary_data_is_refused_by_both_loaders(doc: Any, hostile_tally: Tally) -> None:
    _feed(hostile_tally, "load_profile", lambda: load_profile(doc, CATALOGUE, "random.yaml"), "random.yaml",
          structured=isinstance(doc, dict))
    _feed(hostile_tally, "load_decree", lambda: load_decree(Node(doc, "random.yaml"), CATALOGUE), "random.yaml",
          structured=isinstance(doc, dict))


# ============================================================================ text mutations

#: YAML fragments that must never be obeyed: tags that construct objects or run code,
#: anchors/aliases (alias bombs), merge keys, duplicate keys, and syntax debris.
SNIPPETS = [
    "x: !!python/object/apply:os.system ['touch {marker}']",
    "x: !!python/object/new:os.system ['touch {marker}']",
    "x: !!python/name:os.system",
    "x: !!python/module:os",
    "!!python/object/apply:subprocess.check_output [['touch', '{marker}']]",
    "x: !foo bar", "x: !!timestamp 2022-02-30", "x: !!binary aGVsbG8=", "x: !!set {a, b}",
    "x: !!omap [a: 1]", "x: !!int xyz", "x: !!float abc", "x: !!bool maybe", "x: !!str 5",
    "a: &a [1, 2]\nb: *a", "a: &a ['lol','lol']\nb: [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b]",
    "<<: {id: x}", "id: one\nid: two", "? [complex, key]\n: value", "1: int key", "~: null key",
    "x: " + "[" * 60 + "]" * 60, "x: " + "{a: " * 50 + "1" + "}" * 50, "x: 0x" + "f" * 5000, "x: " + "9" * 5000,
    "x: 1e999", "x: .nan", "x: -.inf", "x: 0o777", "x: 190:20:30", "%YAML 1.1\n---", "---\n---", "...",
    "x: 'unterminated", "\tx: tab", "x: |\n  block\n  text", "- a list at the top",
    "born: 2022-02-30", "offence_date: 1899-01-01", "offence_date: 2999-01-01",
]


@st.composite
def mutated_text(draw: Callable, text: str, marker: str) -> bytes:
    lines = text.splitlines()
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(("snippet", "snippet", "delete", "duplicate", "truncate", "indent", "chars")))
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        if kind == "snippet":
            snippet = draw(st.sampled_from(SNIPPETS)).replace("{marker}", marker)
            indent = " " * draw(st.sampled_from((0, 0, 2, 4, 6)))
            lines[at:at] = [indent + line for line in snippet.splitlines()]
        elif kind == "delete" and lines:
            del lines[at]
        elif kind == "duplicate" and lines:
            lines.insert(at, lines[at])
        elif kind == "truncate":
            lines = lines[:at]
        elif kind == "indent" and lines:
            lines[at] = " " * draw(st.integers(1, 3)) + lines[at]
        elif kind == "chars" and lines:
            line = lines[at]
            pos = draw(st.integers(0, len(line)))
            lines[at] = line[:pos] + draw(st.text(max_size=4)) + line[pos:]
    raw = "\n".join(lines).encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 5)) == 0:   # non-UTF-8 bytes somewhere
        pos = draw(st.integers(0, len(raw)))
        raw = raw[:pos] + draw(st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\x00", b"\xfe\xff"])) + raw[pos:]
    return raw


@pytest.fixture(scope="session")
def workdir() -> Iterator[Path]:
    """One scratch directory for the session (Hypothesis runs many examples per test)."""
    path = Path(tempfile.mkdtemp(prefix="amnestyrules-hostile-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _write(directory: Path, name: str, raw: bytes) -> Path:
    path = directory / name
    path.write_bytes(raw)
    return path


@more
@given(data=st.data())
def test_mutated_files_are_read_or_refused_and_never_obey_a_tag(data: st.DataObject, hostile_tally: Tally,
                                                                 workdir: Path) -> None:
    marker = workdir / "PWNED"
    kind = data.draw(st.sampled_from(("profile", "decree")), label="kind")
    if kind == "profile":
        base = data.draw(_profile_base(), label="profile")
        text = yaml.safe_dump(base, allow_unicode=True, sort_keys=False)
        name = "client.yaml"
    else:
        stem = data.draw(st.sampled_from(sorted(DECREE_DATA)), label="decree")
        text = (shipped_rules_dir() / "decrees" / f"{stem}.yaml").read_text(encoding="utf-8")
        name = f"{stem}.yaml"
    raw = data.draw(mutated_text(text, str(marker)), label="text")
    path = _write(workdir, name, raw)
    parsed = _feed(hostile_tally, "read_data_file", lambda: read_data_file(path), str(path))
    if parsed is not None and kind == "profile":
        _feed(hostile_tally, "load_profile", lambda: load_profile(parsed, CATALOGUE, str(path)), str(path),
              structured=isinstance(parsed, dict))
    elif parsed is not None:
        _feed(hostile_tally, "load_decree", lambda: load_decree(Node(parsed, str(path)), CATALOGUE), str(path),
              structured=isinstance(parsed, dict))
    _cli(hostile_tally, ["validate", str(path)], str(path))
    if kind == "profile":
        _cli(hostile_tally, ["evaluate", str(path), "--decree", data.draw(st.sampled_from(CORPUS.ids()))], str(path))
    assert not marker.exists(), "a YAML tag ran code"


@given(data=st.data())
def test_libyaml_and_the_pure_python_parser_read_mutated_files_alike(data: st.DataObject,
                                                                    hostile_tally: Tally) -> None:
    """parsing.py parses with libyaml when PyYAML has it, the pure-Python parser otherwise: both go
    through one composer, so a mutated file must give the same data or be refused by both."""
    from amnestyrules import parsing
    if data.draw(st.booleans(), label="profile"):
        text = yaml.safe_dump(data.draw(_profile_base(), label="base"), allow_unicode=True, sort_keys=False)
    else:
        stem = data.draw(st.sampled_from(sorted(DECREE_DATA)), label="decree")
        text = (shipped_rules_dir() / "decrees" / f"{stem}.yaml").read_text(encoding="utf-8")
    text = data.draw(mutated_text(text, "/nonexistent/PWNED"), label="text").decode("utf-8", "replace")
    chosen, results = parsing.PARSER, []
    try:
        for parser in ("python", "libyaml"):
            parsing.PARSER = parser
            try:
                with _time_limit():
                    results.append(("read", parsing.parse_text(text, "both.yaml")))
            except InputError:
                results.append(("refused", None))
    finally:
        parsing.PARSER = chosen
    assert results[0] == results[1], results
    hostile_tally[f"both parsers: {results[0][0]}"] += 1


@more
@given(data=st.data())
def test_mutated_json_profiles_are_read_or_refused(data: st.DataObject, hostile_tally: Tally, workdir: Path) -> None:
    base = data.draw(_profile_base(), label="profile")
    doc = data.draw(mutated(base, yaml_values), label="mutated")
    text = json.dumps(doc, default=str, ensure_ascii=data.draw(st.booleans()))
    if data.draw(st.booleans(), label="text-mutation"):
        pos = data.draw(st.integers(0, len(text)))
        text = text[:pos] + data.draw(st.sampled_from(['"', "{", "]", ",", '"id": 1,', "NaN", "1e999",
                                                        "9" * 5000, "\\ud800", "[" * 2000])) + text[pos:]
    path = _write(workdir, "client.json", text.encode("utf-8", "surrogatepass"))
    parsed = _feed(hostile_tally, "read_data_file", lambda: read_data_file(path), str(path))
    if parsed is not None:
        _feed(hostile_tally, "load_profile", lambda: load_profile(parsed, CATALOGUE, str(path)), str(path),
              structured=isinstance(parsed, dict))
    _cli(hostile_tally, ["evaluate", str(path), "--format", "json", "--decree",
                         data.draw(st.sampled_from(CORPUS.ids()), label="decree")], str(path))


@more
@given(raw=st.one_of(st.binary(max_size=3000), st.text(max_size=3000).map(lambda t: t.encode("utf-8", "surrogatepass"))),
       suffix=st.sampled_from((".yaml", ".yml", ".json")))
def test_random_bytes_are_refused_or_read(raw: bytes, suffix: str, hostile_tally: Tally, workdir: Path) -> None:
    path = _write(workdir, "random" + suffix, raw)
    parsed = _feed(hostile_tally, "read_data_file", lambda: read_data_file(path), str(path))
    if parsed is not None:
        _feed(hostile_tally, "load_profile", lambda: load_profile(parsed, CATALOGUE, str(path)), str(path),
              structured=isinstance(parsed, dict))
    _cli(hostile_tally, ["validate", str(path)], str(path))


# ============================================================================ corpus directories

@settings(max_examples=max(settings().max_examples // 2, 5), phases=PHASES)
@given(data=st.data())
def test_a_rules_directory_with_a_mutated_file_loads_or_names_the_file(data: st.DataObject, hostile_tally: Tally,
                                                                        workdir: Path) -> None:
    rules = Path(tempfile.mkdtemp(prefix="rules-", dir=workdir))
    try:
        (rules / "decrees").mkdir()
        stem = data.draw(st.sampled_from(sorted(DECREE_DATA)), label="decree")
        text = (shipped_rules_dir() / "decrees" / f"{stem}.yaml").read_text(encoding="utf-8")
        if data.draw(st.booleans(), label="mutate decree"):
            raw = data.draw(mutated_text(text, str(workdir / "PWNED")), label="text")
        else:
            raw = text.encode()
        name = data.draw(st.sampled_from((f"{stem}.yaml", "LD-1-2000.yaml", f"{stem}.json", "notes.yaml")),
                         label="name")
        _write(rules / "decrees", name, raw)
        statutes = (shipped_rules_dir() / "statutes.yaml").read_text(encoding="utf-8")
        if data.draw(st.integers(0, 3), label="mutate statutes") == 0:
            _write(rules, "statutes.yaml", data.draw(mutated_text(statutes, str(workdir / "PWNED")),
                                                     label="statutes"))
        else:
            _write(rules, "statutes.yaml", statutes.encode())
        # The directory alone (fast), and now and then on top of the shipped rules, by the CLI.
        _feed(hostile_tally, "load_corpus", lambda: load_corpus([rules], include_shipped=False), str(rules))
        if data.draw(st.integers(0, 3), label="through the CLI") == 0:
            _cli(hostile_tally, ["decrees", "--rules", str(rules)], str(rules))
    finally:
        shutil.rmtree(rules, ignore_errors=True)
    assert not (workdir / "PWNED").exists(), "a YAML tag ran code"


# ============================================================================ the command line

@more
@given(profile=_profile_base(), as_of=st.one_of(hostile_scalars.map(str), st.dates().map(str)),
       decree=st.one_of(st.sampled_from(CORPUS.ids()), st.text(max_size=12)),
       lang=st.sampled_from(("en", "ar")), fmt=st.sampled_from(("text", "json")))
def test_cli_arguments_are_used_or_refused(profile: dict[str, Any], as_of: str, decree: str, lang: str, fmt: str,
                                           hostile_tally: Tally, workdir: Path) -> None:
    path = workdir / "argv-client.yaml"
    path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    as_of = as_of.replace("\x00", "")
    _cli(hostile_tally, ["evaluate", str(path), f"--as-of={as_of}", f"--decree={decree}", "--lang", lang,
                         "--format", fmt], str(path))


# ============================================================================ edge cases, one by one

def _edge_files(directory: Path) -> Iterator[tuple[str, Path]]:
    """Files no fuzzer is likely to build: the size limit, devices, FIFOs, links, deep nesting."""
    yield "over the size limit", _write(directory, "huge.yaml", b"a: " + b"x" * (MAX_FILE_BYTES + 1))
    yield "just under the size limit (one long list)", _write(
        directory, "big.yaml", b"charges: [" + b"1, " * ((MAX_FILE_BYTES - 20) // 3) + b"1]")
    yield "many keys", _write(directory, "wide.yaml",
                              "".join(f"k{i}: {i}\n" for i in range(150_000)).encode()[:MAX_FILE_BYTES])
    yield "YAML nested 10,000 deep", _write(directory, "deep.yaml", b"[" * 10_000 + b"]" * 10_000)
    yield "JSON nested 100,000 deep", _write(directory, "deep.json", b"[" * 100_000 + b"]" * 100_000)
    yield "billion laughs", _write(directory, "laughs.yaml", (
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))).encode())
    yield "empty", _write(directory, "empty.yaml", b"")
    yield "only a comment", _write(directory, "comment.yaml", b"# nothing\n")
    yield "a bare scalar", _write(directory, "scalar.yaml", b"42\n")
    yield "a BOM then a mapping", _write(directory, "bom.yaml", "\ufeffid: x\n".encode())
    yield "UTF-16", _write(directory, "utf16.yaml", "id: x\n".encode("utf-16"))
    yield "JSON NaN", _write(directory, "nan.json", b'{"id": NaN, "person": {}}')
    yield "JSON duplicate keys", _write(directory, "dup.json", b'{"id": "a", "id": "b"}')
    yield "a directory", directory
    yield "a missing file", directory / "missing.yaml"
    yield "/dev/zero", Path("/dev/zero")
    yield "/dev/null", Path("/dev/null")
    fifo = directory / "fifo.yaml"
    if not fifo.exists():
        os.mkfifo(fifo)
    yield "a FIFO", fifo
    loop = directory / "loop.yaml"
    if not loop.is_symlink():
        loop.symlink_to(loop)
    yield "a symlink loop", loop
    yield "a name too long", directory / ("n" * 5000 + ".yaml")


def test_edge_case_files(workdir: Path, hostile_tally: Tally) -> None:
    for _label, path in _edge_files(workdir):
        parsed = _feed(hostile_tally, "read_data_file", lambda path=path: read_data_file(path), str(path))
        if parsed is not None:
            _feed(hostile_tally, "load_profile", lambda path=path, parsed=parsed: load_profile(parsed, CATALOGUE, str(path)),
                  str(path))
        if len(str(path)) < 4000:
            _cli(hostile_tally, ["validate", str(path)], str(path))
        hostile_tally["note: edge-case files"] += 1


def test_a_tag_that_would_run_code_is_refused_and_nothing_runs(workdir: Path, hostile_tally: Tally) -> None:
    marker = workdir / "PWNED-explicit"
    for snippet in SNIPPETS[:5]:
        path = _write(workdir, "tag.yaml", snippet.replace("{marker}", str(marker)).encode())
        with pytest.raises(InputError) as info:
            read_data_file(path)
        assert "tag" in str(info.value) or "plain YAML" in str(info.value)
        assert str(info.value).startswith(f"{path}: line 1")
        _cli(hostile_tally, ["validate", str(path)], str(path))
        hostile_tally["read_data_file: refused"] += 1
    assert not marker.exists()


def test_the_loader_refuses_python_data_the_yaml_reader_never_builds(hostile_tally: Tally) -> None:
    """The Python API takes data directly: objects YAML never builds are refused by field too."""
    weird = [object(), dt.datetime(2020, 1, 1), dt.date(1, 1, 1), dt.date(9999, 12, 31), b"\xff", {1, 2},
             (1, 2), 1j, _deep(3000), 10 ** 5000, float("nan"), Path("/etc/passwd")]
    for value in weird:
        for field in ("id", "born", "nationality"):
            person = {"nationality": "syrian"}
            doc: dict[str, Any] = {"id": "p", "person": person,
                                   "charges": [{"id": "c1", "statute": "penal-code", "article": "285",
                                                "stage": "accused"}]}
            if field == "id":
                doc["id"] = value
            else:
                person[field] = value
            _feed(hostile_tally, "load_profile", lambda doc=doc: load_profile(doc, CATALOGUE, "api.yaml"), "api.yaml",
                  structured=True)
