"""Bugs found by the property and hostile-input suites, each pinned by a plain example.

Every test names the file at fault and the symptom. Keep them even once fixed: they are
the cheapest guard against the bug coming back.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from amnestyrules.errors import InputError
from amnestyrules.law.corpus import default_corpus
from amnestyrules.law.rulefiles import load_decree
from amnestyrules.loading import Node

CATALOGUE = default_corpus().catalogue

BASE: dict[str, Any] = {
    "id": "LD-901-2020", "number": 901, "year": 2020, "kind": "general",
    "title": {"en": "regression decree", "ar": "مرسوم"},
    "issued": "2020-01-31", "cutoff": {"date": "2020-01-31", "rule": "before", "article": "1"},
    "confidence": "high", "sources": ["test"],
    "provisions": [{"id": "p1", "article": "1", "summary": {"en": "desertion", "ar": "الفرار"},
                    "applies_to": {"statutes": [{"statute": "military-penal-code", "articles": "all"}]},
                    "benefit": "full"}],
}


def _decree_with(**provision_changes: Any) -> Any:
    data = copy.deepcopy(BASE)
    data["provisions"][0].update(provision_changes)
    return load_decree(Node(data, "regression.yaml"), CATALOGUE)


def test_surrender_condition_with_whereabouts_list_loads() -> None:
    """rulefiles.py, surrender condition: ``whereabouts: [at_large_abroad]`` was refused.

    The generator expression reused the name ``c`` for each list item, so it asked the item
    (a string) for its own ``whereabouts`` field and reported it missing: every surrender
    condition limited to some fugitives failed to load. Found by testing.decrees().
    """
    d = _decree_with(conditions=[{"kind": "surrender", "within": {"months": 3},
                                  "whereabouts": ["at_large_abroad"]}])
    condition = d.provisions[0].conditions[0]
    assert condition.kind == "surrender"
    assert "at_large_abroad" in repr(condition.pending)
    assert "at_large_in_syria" not in repr(condition.pending)


def test_surrender_condition_with_bad_whereabouts_names_the_item() -> None:
    with pytest.raises(InputError) as info:
        _decree_with(conditions=[{"kind": "surrender", "within": {"months": 3}, "whereabouts": ["abroad"]}])
    assert info.value.field == "provisions[0].conditions[0].whereabouts[0]"


def test_a_blocking_charge_with_an_unknown_date_still_says_why() -> None:
    """rulings.py, ``_settled``: a blocking charge came back with no reason and no citation.

    A Penal Code charge outside LD-7-2022's scope, offence date unknown: before the cutoff
    no provision covers it, after the cutoff the cutoff excludes it. Both completions say
    not_covered, so the ruling is settled, but ``_settled`` keeps only the reasons common to
    every completion, and these two share none: the lawyer reads "blocked by c1" with no
    reason at all. Found by test_properties.py::test_explanations_cite_only_the_decree_evaluated
    (every blocking charge has at least one reason).
    """
    from amnestyrules import evaluate
    from amnestyrules.case.profiles import load_profile
    corpus = default_corpus()
    profile = load_profile({"id": "p", "person": {"nationality": "syrian", "born": "1980-01-01"},
                            "charges": [{"id": "c1", "statute": "penal-code", "article": "535", "stage": "accused",
                                         "offence_date": "unknown", "facts": {"caused_death": False}}]},
                           corpus.catalogue, "regression.yaml")
    outcome = evaluate(profile, "LD-7-2022", corpus=corpus)
    assert outcome.outcome == "blocked"
    ruling = outcome.ruling_for("c1")
    assert ruling.ruling == "not_covered"
    assert ruling.reasons, "a blocking charge must say why it blocks"


# ----------------------------------------------------------------------------------------------
# loading.py: inputs that escaped as something other than InputError (found by
# tests/test_hostile_input.py). Each must be refused with the file and a field or line named.

import os  # noqa: E402
from pathlib import Path  # noqa: E402

from amnestyrules.case.profiles import load_profile  # noqa: E402
from amnestyrules.loading import parse_text, read_data_file  # noqa: E402


@pytest.mark.parametrize("text", [
    "born: !!timestamp 2022-02-30",            # ValueError: day is out of range for month
    "born: !!timestamp 0001-01-01",            # constructed a date outside 1900-2100, bypassing the check
    "n: !!int xyz",                            # ValueError from int()
    "n: !!float abc",                          # ValueError from float()
    "n: !!bool maybe",                         # KeyError
    "n: !!binary aGVsbG8=",                    # bytes: a constructed object, not plain data
    "n: !!set {a, b}",
    "n: !!omap [a: 1, b: 2]",
    "n: " + "9" * 5000,                        # ValueError: int() digit limit
    "n: 0x" + "f" * 5000,
], ids=["timestamp-feb-30", "timestamp-year-1", "int-tag", "float-tag", "bool-tag", "binary-tag", "set-tag",
        "omap-tag", "5000-digits", "5000-hex-digits"])
def test_yaml_values_that_cannot_be_plain_data_are_refused(text: str) -> None:
    with pytest.raises(InputError) as info:
        parse_text(text, "hostile.yaml")
    assert str(info.value).startswith("hostile.yaml: line 1")


@pytest.mark.parametrize("text", ['{"n": ' + "9" * 5000 + "}", "[" * 500 + "]" * 500],
                         ids=["5000-digits", "500-deep"])
def test_json_with_huge_numbers_or_deep_nesting_is_refused(text: str) -> None:
    with pytest.raises(InputError) as info:
        parse_text(text, "hostile.json")
    assert str(info.value).startswith("hostile.json: ")


@pytest.mark.parametrize("field, value", [
    ("born", "199²-01-01"),              # str.isdigit accepts '²', int() does not: ValueError
    ("born", 10 ** 5000),                # str()/repr() of the value raised ValueError in the message
    ("born", "deep"),                    # repr() of a list nested 5000 deep: RecursionError
], ids=["superscript-digit", "5000-digit-int", "list-5000-deep"])
def test_profile_values_that_broke_the_error_message_are_refused(field: str, value: Any) -> None:
    if value == "deep":
        value = []
        for _ in range(5000):
            value = [value]
    data = {"id": "p", "person": {"nationality": "syrian", field: value},
            "charges": [{"id": "c1", "statute": "penal-code", "article": "285", "stage": "accused"}]}
    with pytest.raises(InputError) as info:
        load_profile(data, CATALOGUE, "hostile.yaml")
    assert info.value.field == f"person.{field}"


def test_a_profile_with_a_huge_integer_id_is_refused_not_crashed() -> None:
    data = {"id": 10 ** 5000, "person": {"nationality": "syrian"},
            "charges": [{"id": "c1", "statute": "penal-code", "article": "285", "stage": "accused"}]}
    with pytest.raises(InputError) as info:
        load_profile(data, CATALOGUE, "hostile.yaml")
    assert info.value.field == "id"


def test_a_fraction_with_a_huge_exponent_is_refused_at_once() -> None:
    """Fraction('1e-9999999') took seconds and then raised ValueError (a hang vector)."""
    data = copy.deepcopy(BASE)
    data["provisions"][0]["benefit"] = {"fraction": "1e-9999999"}
    with pytest.raises(InputError) as info:
        load_decree(Node(data, "hostile.yaml"), CATALOGUE)
    assert info.value.field == "provisions[0].benefit.fraction"


def test_deeply_nested_match_is_refused() -> None:
    """A match nested deeper than the recursion limit raised RecursionError (Python data or JSON)."""
    data = copy.deepcopy(BASE)
    when: Any = {"fact": "caused_death"}
    for _ in range(2000):
        when = {"not": when}
    data["exclusions"] = [{"id": "x", "article": "1", "reason": {"en": "x", "ar": "x"}, "when": when}]
    with pytest.raises(InputError) as info:
        load_decree(Node(data, "hostile.yaml"), CATALOGUE)
    assert info.value.field.startswith("exclusions[0].when")


def test_paths_that_are_not_regular_files_are_refused(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    for name in (str(loop),                      # OSError ELOOP
                 str(tmp_path / ("a" * 5000)),   # OSError ENAMETOOLONG
                 "bad\0name.yaml",               # ValueError: embedded null byte
                 "/dev/zero",                    # read forever
                 str(fifo)):                     # open() blocks until a writer comes
        with pytest.raises(InputError) as info:
            read_data_file(name)
        assert info.value.file == name


@pytest.mark.parametrize("char", ["\x89", "\x07", "\ufffe"], ids=["C1-control", "bell", "noncharacter"])
def test_a_non_printable_character_is_refused_with_its_position(char: str) -> None:
    """loading.py, parse_text: the YAML reader checks printability when the loader is built,
    which was outside the try block, so yaml.reader.ReaderError escaped. Found by
    test_hostile_input.py::test_mutated_files_are_read_or_refused_and_never_obey_a_tag."""
    with pytest.raises(InputError) as info:
        parse_text(f"id: a{char}b\n", "hostile.yaml")
    assert str(info.value).startswith("hostile.yaml: ")


def test_a_file_too_big_to_parse_quickly_is_refused_before_parsing(tmp_path: Path) -> None:
    """loading.py: MAX_FILE_BYTES was 2 MB, and PyYAML's pure-Python parser needs about a minute
    for 2 MB of short list items (a hang in practice; found by test_hostile_input.py's edge
    cases). A 1 MB file is now refused by its size, before any parsing."""
    path = tmp_path / "big.yaml"
    path.write_bytes(b"charges: [" + b"1, " * 333_000 + b"1]")
    with pytest.raises(InputError) as info:
        read_data_file(path)
    assert "a file of at most" in str(info.value)


def test_an_arabic_explanation_keeps_a_charge_id_in_one_piece() -> None:
    """i18n.py, bidi_line: a charge id ending in punctuation ('c-') is split in Arabic text.

    Left-to-right runs are wrapped in isolates (U+2066 ... U+2069) after trimming trailing
    punctuation, so the id 'c-' becomes '\\u2066c\\u2069-' and an RTL terminal shows the
    hyphen on the other side of the id. Found by test_properties.py (rendering check).
    """
    import datetime as dt

    from amnestyrules import evaluate
    from amnestyrules.case.model import Charge, Person, Profile
    from amnestyrules.present.render import outcomes_text
    corpus = default_corpus()
    profile = Profile("p", Person(nationality="syrian", born=dt.date(1980, 1, 1)),
                      (Charge(id="c-", statute="penal-code", article="535", paragraph=None,
                              offence_date=dt.date(2020, 1, 1), stage="accused"),))
    outcome = evaluate(profile, "LD-7-2022", corpus=corpus)
    assert outcome.blocking == ("c-",)
    text = outcomes_text(profile.id, [outcome], corpus, "ar")
    assert "\u2066c-\u2069" in text


@pytest.mark.parametrize("key, field", [("", "['']"), ("a.b", "['a.b']")])
def test_an_unknown_field_with_an_odd_name_is_named(key: str, field: str) -> None:
    """loading.py, Node._child_path: an unknown key '' was reported at '(top level)' and 'a.b'
    read as a nested path. Found by test_hostile_input.py::test_arbitrary_data_is_refused_by_both_loaders."""
    data = {"id": "p", "person": {"nationality": "syrian"}, key: 1,
            "charges": [{"id": "c1", "statute": "penal-code", "article": "285", "stage": "accused"}]}
    with pytest.raises(InputError) as info:
        load_profile(data, CATALOGUE, "hostile.yaml")
    assert info.value.field == field


def test_a_key_that_is_not_a_string_is_named() -> None:
    """loading.py, Node.mapping: a non-string key was reported at the mapping's own path
    ('(top level)' for a whole file). Found by test_hostile_input.py (snippet '1: int key')."""
    with pytest.raises(InputError) as info:
        load_profile({1: "x", "id": "p", "person": {}}, CATALOGUE, "hostile.yaml")
    assert info.value.field == "[1]"
    with pytest.raises(InputError) as info:
        load_profile({"id": "p", "person": {None: "x"}}, CATALOGUE, "hostile.yaml")
    assert info.value.field == "person[None]"


def test_a_settled_ruling_on_an_unknown_penalty_holds_for_every_accepted_penalty() -> None:
    """profiles.py vs grounding.py: the loader accepts a charge whose stated class and penalty
    kind disagree (class misdemeanour, penalty death), but the exploration of an unknown
    penalty only tries kinds of the charge's class ("a misdemeanour is not punished by death").

    Under LD-6-2020, a convicted-in-absentia misdemeanour (Penal Code 37 bis) with the penalty
    unknown is settled 'not_covered'; the same charge with the penalty death, which the loader
    accepts, is 'commuted' under Art. 1(a): a settled blocking answer turns into a benefit.
    Either the loader refuses the combination or the exploration tries it; this test passes
    once the two agree. Found by test_properties.py::test_learning_unknowns_never_contradicts_the_answer.
    """
    from amnestyrules import evaluate
    corpus = default_corpus()
    facts = {"juvenile": False, "caused_death": True, "personal_harm": True, "victim_waived": True,
             "claim_filed": True}
    base = {"id": "p", "person": {"nationality": "syrian", "born": "1960-01-01", "incurable_illness": False},
            "charges": [{"id": "c1", "statute": "penal-code", "article": "37 bis", "class": "misdemeanour",
                         "offence_date": "2005-01-01", "stage": "convicted_in_absentia", "facts": facts}]}
    before = evaluate(load_profile(base, corpus.catalogue, "unknown-penalty.yaml"), "LD-6-2020",
                      corpus=corpus).ruling_for("c1")
    known = copy.deepcopy(base)
    known["charges"][0]["penalty"] = {"kind": "death"}
    try:
        learned = load_profile(known, corpus.catalogue, "death-penalty.yaml")
    except InputError:
        return   # the loader refuses a misdemeanour punished by death: consistent
    after = evaluate(learned, "LD-6-2020", corpus=corpus).ruling_for("c1")
    allowed = before.possible if before.ruling == "undetermined" else (before.ruling,)
    assert after.ruling in allowed, (before.ruling, before.possible, after.ruling)


# ============================================================================ issue 10: hostile input, second pass

def _profile_text(**charge_lines: str) -> str:
    """A one-charge YAML profile with some charge fields written as raw YAML."""
    fields = {"id": "c1", "statute": "penal-code", "article": "'312'", "stage": "accused",
              "offence_date": "2019-05-01", **charge_lines}
    body = "".join(f"    {k}: {v}\n" for k, v in fields.items() if k != "facts")
    facts = charge_lines.get("facts")
    return ("id: client\nperson:\n  nationality: syrian\n  born: 1980-01-01\ncharges:\n  - "
            + body[4:] + (f"    facts:\n      {facts}\n" if facts else ""))


@pytest.mark.parametrize("field, written", [
    ("article", "0304"),        # YAML 1.1: octal 0304 = 196 (evaluated as Art. 196: BLOCKED under LD-7-2022)
    ("article", "0470"),        # octal = 312
    ("article", "5:12"),        # sexagesimal = 312
    ("article", "1:2"),         # sexagesimal = 62
    ("article", "0x138"),       # hex = 312
    ("article", "3_1_2"),       # underscores = 312
    ("paragraph", "010"),       # octal: paragraph '8'
    ("facts", "caused_death: no"),
    ("facts", "armed: yes"),
    ("facts", "armed: on"),
    ("facts", "armed: off"),
])
def test_yaml_1_1_number_and_boolean_forms_are_refused_with_a_hint_to_quote(tmp_path: Path, field: str,
                                                                            written: str) -> None:
    """loading.py read YAML 1.1: ``article: 0304`` became Art. 196, ``5:12`` Art. 312, ``paragraph: 010``
    became '8', ``caused_death: no`` a boolean. Each now stops at its line, saying to quote the value."""
    path = tmp_path / "client.yaml"
    path.write_text(_profile_text(**{field: written}), encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_data_file(path)
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if written in text)
    assert info.value.field == f"line {line}", info.value
    message = str(info.value)
    assert "in quotes" in message and written.split(": ")[-1] in message


@pytest.mark.parametrize("written", ["'0304'", '"5:12"', "'010'"])
def test_a_quoted_article_is_read_as_written(tmp_path: Path, written: str) -> None:
    path = tmp_path / "client.yaml"
    path.write_text(_profile_text(article=written), encoding="utf-8")
    data = read_data_file(path)
    assert data["charges"][0]["article"] == written.strip("'\"")


def test_an_article_written_as_a_decimal_number_is_refused_not_rewritten() -> None:
    """``article: 8.10`` would read 8.1: the written form is lost, so it must be quoted."""
    data = {"id": "p", "person": {"nationality": "syrian"},
            "charges": [{"id": "c1", "statute": "penal-code", "article": 8.10, "stage": "accused"}]}
    with pytest.raises(InputError) as info:
        load_profile(data, CATALOGUE, "hostile.yaml")
    assert info.value.field == "charges[0].article" and "in quotes" in str(info.value)


def test_both_yaml_parsers_read_and_refuse_alike() -> None:
    """parsing.py: libyaml parses when PyYAML has it (issue 9 item 2), composed by the same Python
    code as the pure-Python parser, so the safety rules are the same."""
    import yaml

    from amnestyrules import parsing
    assert parsing.PARSER == ("libyaml" if yaml.__with_libyaml__ else "python")
    texts = ["a: 1\nb: [x, 2.5, true, null, '0304']\n", "a: &x 1\n", "a: *x\n", "a: !!python/name:os.system\n",
             "a: 1\na: 2\n", "a: 0304\n", "a: no\n", "<<: {a: 1}\n", "? [a]\n: 1\n", "a: " + "[" * 50 + "]" * 50,
             'a: "p\\ud800"\n', "a: 2022-02-30\n", "a: 9" + "9" * 100 + "\n"]
    chosen = parsing.PARSER
    try:
        for text in texts:
            results = []
            for parser in ("python", "libyaml"):
                parsing.PARSER = parser
                try:
                    results.append(("ok", parse_text(text, "both.yaml")))
                except InputError as exc:
                    results.append(("refused", exc.field))
            assert results[0] == results[1], (text, results)
    finally:
        parsing.PARSER = chosen


@pytest.mark.parametrize("suffix, text", [
    (".json", '{"id": "p\\ud800", "person": {"nationality": "syrian"}, "charges": [{"id": "c1", '
              '"statute": "penal-code", "article": "312", "stage": "accused"}]}'),
    (".json", '{"id": "p", "person": {"nationality": "syrian"}, "charges": [{"id": "c\\udfff", '
              '"statute": "penal-code", "article": "312", "stage": "accused"}]}'),
    (".yaml", 'id: "p\\ud800"\nperson: {nationality: syrian}\ncharges:\n  - {id: c1, statute: penal-code, '
              'article: "312", stage: accused}\n'),
])
@pytest.mark.parametrize("argv", [["evaluate", "--format", "json"], ["evaluate", "--lang", "ar"],
                                  ["explain", "--decree", "LD-7-2022"]])
def test_a_lone_surrogate_is_refused_at_load_not_an_internal_error(tmp_path: Path, suffix: str, text: str,
                                                                   argv: list[str],
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """An escaped lone surrogate in an id ended in exit 70 (UnicodeEncodeError) when printed."""
    from amnestyrules.cli import main
    path = tmp_path / f"client{suffix}"
    path.write_text(text, encoding="utf-8")
    assert main([argv[0], str(path), *argv[1:]]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"amnestyrules: error: {path}: ") and len(err.strip().splitlines()) == 1, err
    assert "surrogate" in err or "Unicode" in err


def test_a_lone_surrogate_given_through_the_python_api_is_refused() -> None:
    data = {"id": "p", "person": {"nationality": "syrian"},
            "charges": [{"id": "c\ud800", "statute": "penal-code", "article": "312", "stage": "accused"}]}
    with pytest.raises(InputError) as info:
        load_profile(data, CATALOGUE, "api.yaml")
    assert info.value.field == "charges[0].id"


def _with_exclusions(wide_id: str, own_id: str) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    death = {"fact": "caused_death"}
    data["provisions"][0]["id"] = "a"
    data["exclusions"] = [{"id": wide_id, "article": "2", "reason": {"en": "death", "ar": "وفاة"}, "when": death}]
    data["provisions"][0]["exclusions"] = [{"id": own_id, "article": "1", "reason": {"en": "armed", "ar": "مسلح"},
                                            "when": {"fact": "armed"}}]
    return data


def test_an_id_that_could_make_check_names_collide_is_refused() -> None:
    """checks.py: a decree-wide exclusion 'a:b' and provision a's own exclusion 'b' both compiled to
    the check 'exclude:a:b', the second overwrote the first, and a charge that caused a death was
    RELEASED where the control decree answered BLOCKED. Ids are now restricted to a documented
    alphabet (law/ids.py), and the compiler refuses a collision in a decree built in Python."""
    import attrs

    from amnestyrules.engine.checks import check_table
    from amnestyrules.errors import DecreeConflictError
    with pytest.raises(InputError) as info:
        load_decree(Node(_with_exclusions("a:b", "b"), "hostile.yaml"), CATALOGUE)
    assert info.value.field == "exclusions[0].id" and "U+003A" in str(info.value)
    control = load_decree(Node(_with_exclusions("ab", "b"), "control.yaml"), CATALOGUE)
    spoofed = attrs.evolve(control, exclusions=(attrs.evolve(control.exclusions[0], id="a:b"),))
    with pytest.raises(DecreeConflictError) as conflict:
        check_table(spoofed)
    assert "exclude:a:b" in str(conflict.value)


@pytest.mark.parametrize("bad", ["p 1:x", "p/1", "p\u200b1", "é1", "-p1", "p" * 65])
def test_a_rule_id_outside_the_alphabet_is_refused(bad: str) -> None:
    data = copy.deepcopy(BASE)
    data["provisions"][0]["id"] = bad
    with pytest.raises(InputError) as info:
        load_decree(Node(data, "hostile.yaml"), CATALOGUE)
    assert info.value.field == "provisions[0].id"


@pytest.mark.parametrize("first, second", [
    ("c1", "c1\u200b"),                      # zero-width space: refused on its own
    ("C1", "c1"),                            # case
    ("c\u0301", "\u0107"),                   # NFD and NFC of the same letter
    ("c1", "\uff431"),                       # full-width c
    ("c1", "\u04411"),                       # Cyrillic es
])
def test_charge_ids_that_look_alike_are_refused(first: str, second: str) -> None:
    """Charges 'c1' and 'C1' (or c1 + a zero-width space, NFC/NFD forms, a Cyrillic look-alike) were
    distinct charges that display identically: an answer could be made to read as something else."""
    charges = [{"id": cid, "statute": "penal-code", "article": "312", "stage": "accused"} for cid in (first, second)]
    with pytest.raises(InputError) as info:
        load_profile({"id": "p", "person": {"nationality": "syrian"}, "charges": charges}, CATALOGUE, "spoof.yaml")
    assert info.value.field == "charges[1].id"


@pytest.mark.parametrize("bad", ["c1\u202egnp.exe", "c1\u2066x\u2069", "c\x001", "c1\u200d", "c1\x07", "p\ufeff",
                                 "c1\u00ad"])
def test_an_id_with_an_invisible_or_reordering_character_is_refused(bad: str) -> None:
    for where in ("id", "charge"):
        cid = bad if where == "charge" else "c1"
        data = {"id": bad if where == "id" else "p", "person": {"nationality": "syrian"},
                "charges": [{"id": cid, "statute": "penal-code", "article": "312", "stage": "accused"}]}
        with pytest.raises(InputError) as info:
            load_profile(data, CATALOGUE, "spoof.yaml")
        assert info.value.field == ("id" if where == "id" else "charges[0].id")
        assert "U+" in str(info.value) or "NUL" in str(info.value)


def test_ids_are_normalised_to_nfc_and_arabic_ids_are_accepted() -> None:
    charges = [{"id": cid, "statute": "penal-code", "article": "312", "stage": "accused"}
               for cid in ("e\u0301-1", "تهمة ١", "c(2)/b")]
    profile = load_profile({"id": "موكل-17", "person": {"nationality": "syrian"}, "charges": charges}, CATALOGUE,
                           "ok.yaml")
    assert [c.id for c in profile.charges] == ["\u00e9-1", "تهمة ١", "c(2)/b"]


def test_a_decree_file_linked_to_a_system_file_is_not_echoed(tmp_path: Path) -> None:
    """corpus.py: a decree file symlinked to /etc/passwd showed its first 80 characters in the error."""
    from amnestyrules.law.corpus import load_corpus
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:root:/root:/bin/bash\nsecret-token-123\n")
    rules = tmp_path / "rules" / "decrees"
    rules.mkdir(parents=True)
    (rules / "LD-1-2000.yaml").symlink_to(secret)
    with pytest.raises(InputError) as info:
        load_corpus([rules.parent])
    assert "root:x" not in str(info.value) and "secret-token" not in str(info.value)
    # A file that is not data at all, read directly, is described, not echoed.
    with pytest.raises(InputError) as direct:
        load_profile(read_data_file(secret), CATALOGUE, str(secret))
    assert "root:x" not in str(direct.value) and "secret-token" not in str(direct.value)


def test_a_decree_given_twice_in_one_directory_is_refused_naming_both(tmp_path: Path) -> None:
    from amnestyrules.law.corpus import load_corpus, shipped_rules_dir
    decrees = tmp_path / "decrees"
    decrees.mkdir()
    text = (shipped_rules_dir() / "decrees" / "LD-7-2022.yaml").read_text(encoding="utf-8")
    (decrees / "LD-7-2022.yaml").write_text(text, encoding="utf-8")
    (decrees / "LD-7-2022.json").write_text(json.dumps(read_data_file(decrees / "LD-7-2022.yaml")), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_corpus([tmp_path])
    assert "LD-7-2022.json" in str(info.value) and "LD-7-2022.yaml" in str(info.value)


def test_a_statutes_yaml_that_is_a_directory_is_refused(tmp_path: Path) -> None:
    from amnestyrules.law.corpus import load_corpus
    (tmp_path / "statutes.yaml").mkdir()
    (tmp_path / "decrees").mkdir()
    with pytest.raises(InputError) as info:
        load_corpus([tmp_path])
    assert info.value.file == str(tmp_path / "statutes.yaml") and "directory" in str(info.value)


def test_in_force_before_the_issue_date_is_refused() -> None:
    data = copy.deepcopy(BASE)
    data["in_force"] = "2020-01-01"
    with pytest.raises(InputError) as info:
        load_decree(Node(data, "hostile.yaml"), CATALOGUE)
    assert info.value.field == "in_force"


def test_a_symlink_loop_is_reported_as_a_loop(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    with pytest.raises(InputError) as info:
        read_data_file(loop)
    assert "loop" in str(info.value) and "no such file" not in str(info.value)


@pytest.mark.parametrize("data, described", [
    ({"id": "p", "person": {}, "charges": [None]}, "got nothing"),
    ({"id": "p", "person": {}, "charges": [{"id": f"c{i}", "statute": "penal-code", "article": "312",
                                            "stage": "accused"} for i in range(201)]}, "got 201 charges"),
    ({"id": "p", "person": {}, "charges": "many"}, "got the text 'many'"),
])
def test_a_description_of_what_was_found_is_not_quoted_as_a_value(data: dict[str, Any], described: str) -> None:
    """Messages said "got 'nothing'" and "got '1000 charges'", as if the user had written those words."""
    with pytest.raises(InputError) as info:
        load_profile(data, CATALOGUE, "described.yaml")
    assert described in str(info.value), str(info.value)


def test_the_durable_network_model_keeps_its_limits_up_to_date_as_rules_are_added() -> None:
    """durable.py, _Shard.fits: every rule added walked the whole trie three times (3,000 rules of a
    user decree: a minute of packing). The limits are now kept along each rule's path; they must
    equal a full walk after every rule."""
    import random

    from amnestyrules.engine.backends.durable_compile import MARKER, _Node, _Shard, _stack

    def widest(n: _Node) -> int:
        return max([len(n.children)] + [widest(c) for c in n.children.values()])

    def most_ends(n: _Node) -> int:
        return max([n.ends] + [most_ends(c) for c in n.children.values()])

    rng = random.Random(10)
    for _ in range(20):
        shard = _Shard()
        for i in range(rng.randint(1, 120)):
            tests = tuple(sorted({(f"e{rng.randint(0, 5)}", rng.choice(["eq", "eq", "gte", "lte", "neq"]),
                                   rng.randint(0, 6)) for _ in range(rng.randint(0, 4))}))
            shard.add((f"r{i}", tests or ((MARKER, "eq", 1),)))
            root = shard.root
            assert (root.stack, root.widest, root.most_ends) == (_stack(root, 0), widest(root), most_ends(root))


def test_the_contradiction_check_indexes_the_excluded_spans() -> None:
    """rulefiles.py, _check_contradiction compared every covered span with every excluded one: a
    provision listing 21,000 articles and an exclusion listing 6,000 (a 254 KB file) took 10 s to
    load. The index must give the pairwise answer."""
    import random

    from amnestyrules.law.articles import ArticleSpan
    from amnestyrules.law.selectors import Spans as _Spans
    from amnestyrules.law.selectors import span_within as _span_within

    rng = random.Random(3)

    def span() -> ArticleSpan:
        first = rng.randint(1, 40)
        last = first if rng.random() < 0.6 else first + rng.randint(0, 8)
        return ArticleSpan(first, last, rng.choice([None, None, "1", "2"]) if first == last else None,
                           rng.choice(["", "", "bis"]) if first == last else "")

    for _ in range(200):
        excluded = [(rng.choice(["penal-code", "narcotics-law"]), span()) for _ in range(rng.randint(0, 12))]
        index = _Spans(excluded)
        for _ in range(20):
            statute, inner = rng.choice(["penal-code", "narcotics-law"]), span()
            assert index.contain(statute, inner) == any(s == statute and _span_within(inner, ex) for s, ex in excluded)


@pytest.mark.parametrize("backend", ["compiled", "python", "durable"])
def test_a_claim_window_condition_is_listed_once_when_the_claim_is_unknown(backend: str) -> None:
    """engine/rulings.py, _dedupe_pending: a commutation of LD-20-2019 Art. 1(b) waiting on the
    victim's waiver, with ``claim_filed`` unknown, listed the condition twice (once with the claim
    window's end, once without), and the text output printed its long text twice in a row."""
    import datetime as dt

    import amnestyrules as ar
    from amnestyrules.case.profiles import load_profile

    corpus = default_corpus()
    profile = load_profile({
        "id": "p", "person": {"born": "1980-01-01", "nationality": "syrian"}, "detention": {},
        "charges": [{"id": "c1", "statute": "penal-code", "article": "535", "stage": "convicted",
                     "offence_date": "2018-06-01", "penalty": {"kind": "life-hard-labour"},
                     "facts": {"victim_waived": False, "caused_death": True}}]}, corpus.catalogue)
    ruling = ar.evaluate(profile, "LD-20-2019", corpus=corpus, as_of=dt.date(2019, 10, 1), backend=backend).rulings[0]
    assert ruling.ruling == "commuted"
    assert [(c.kind, c.by) for c in ruling.conditions] == [("victim_waiver", None)]
    assert "claim_filed" in [f.fact for f in ruling.deciding_facts]
