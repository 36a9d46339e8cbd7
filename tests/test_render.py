"""Explanations as a tree, in text, JSON and Arabic, and right-to-left text that keeps its order."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any, Iterator

import pytest

from amnestyrules.catalogue import load_catalogue
from amnestyrules.cli import main
from amnestyrules.corpus import Corpus, load_decree_file
from amnestyrules.evaluate import evaluate
from amnestyrules.loading import Node, read_data_file
from amnestyrules.i18n import LRI, PDI, RLM, bidi_line, bidi_text, catalogue, plural_category, term_text
from amnestyrules.profiles import load_profile_file
from amnestyrules.render import PROVISION_KEYS, explanation_tree, outcome_json, outcome_text

ROOT = Path(__file__).resolve().parents[1]
BLOCKED = str(ROOT / "examples" / "terrorism-blocked-by-death.yaml")
UNKNOWN = str(ROOT / "examples" / "terrorism-death-unknown.yaml")


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    """LD-7-2022 alone, so the decrees others add do not change these answers."""
    statutes = load_catalogue(Node(read_data_file(ROOT / "rules" / "statutes.yaml"), "rules/statutes.yaml"))
    d = load_decree_file(ROOT / "rules" / "decrees" / "LD-7-2022.yaml", statutes)
    return Corpus(statutes, {d.id: d})


def nodes(tree: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield tree
    for child in tree.get("children", ()):
        yield from nodes(child)


# ------------------------------------------------------------------------- right-to-left

def test_bidi_line_isolates_latin_runs_and_opens_with_a_right_to_left_mark() -> None:
    line = "المادة 1(a) من LD-7-2022 بتاريخ 2022-04-30."
    assert bidi_line(line) == (f"{RLM}المادة {LRI}1(a){PDI} من {LRI}LD-7-2022{PDI} بتاريخ "
                               f"{LRI}2022-04-30{PDI}.")


def test_bidi_line_leaves_brackets_and_sentence_punctuation_to_the_arabic() -> None:
    assert bidi_line("التهمة c1 (المادة 8): مشمول") == f"{RLM}التهمة {LRI}c1{PDI} (المادة {LRI}8{PDI}): مشمول"
    assert bidi_line("(الاحتمالات: pardoned, excluded)") == f"{RLM}(الاحتمالات: {LRI}pardoned, excluded{PDI})"


def test_bidi_line_keeps_an_english_phrase_in_one_piece_and_splits_at_an_open_bracket() -> None:
    assert bidi_line("مسائل: The 'x' limb (see Art. 2) is open.") == f"{RLM}مسائل: {LRI}The 'x' limb (see Art. 2) is open{PDI}."
    assert bidi_line("لعام 2022 (LD-7-2022، 2022-04-30)") == (f"{RLM}لعام {LRI}2022{PDI} ({LRI}LD-7-2022{PDI}، "
                                                             f"{LRI}2022-04-30{PDI})")


def test_bidi_line_keeps_a_markdown_list_item_a_list_item() -> None:
    assert bidi_line("    - استثناء: نص") == f"    - {RLM}استثناء: نص"
    assert bidi_line("") == ""


def test_english_text_is_left_alone() -> None:
    assert bidi_text("charge c1: pardoned", "en") == "charge c1: pardoned"


# ------------------------------------------------------------------------- the tree

def test_tree_shape_verdict_charge_provision_exclusion(corpus: Corpus) -> None:
    p = load_profile_file(BLOCKED, corpus.catalogue)
    tree = explanation_tree(evaluate(p, "LD-7-2022", corpus=corpus), corpus.decree("LD-7-2022"), p)
    assert tree.key == "verdict" and tree.citation is not None and tree.citation.decree == "LD-7-2022"
    charges = [n for n in tree.children if n.key == "charge"]
    assert [c.params["charge"] for c in charges] == ["c1", "c2"]
    c2_provision = [n for n in charges[1].children if n.key == "selected"][0]
    assert [n.key for n in c2_provision.children] == ["excluded_by"]
    c1_provision = [n for n in charges[0].children if n.key == "selected"][0]
    (benefit,) = c1_provision.children
    assert benefit.key == "benefit" and benefit.citation == c1_provision.citation


def test_json_tree_has_a_citation_on_every_node_and_every_provision_node_names_its_article(corpus: Corpus) -> None:
    for path in (BLOCKED, UNKNOWN):      # UNKNOWN nests provisions under 'if ...' branches
        p = load_profile_file(path, corpus.catalogue)
        out = outcome_json(evaluate(p, "LD-7-2022", corpus=corpus), corpus.decree("LD-7-2022"), "en",
                           corpus.catalogue, p)
        every = list(nodes(out["tree"]))
        provisions = [n for n in every if n["key"] in PROVISION_KEYS]
        assert provisions, path
        assert all("citation" in n and n["citation"]["decree"] == "LD-7-2022" for n in every)
        assert all(n["citation"]["article"] == "1" and n["citation"]["label"] == "Art. 1" for n in provisions)


def test_json_in_arabic_carries_arabic_text_without_direction_marks(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", BLOCKED, "--decree", "LD-7-2022", "--format", "json", "--lang", "ar"]) == 0
    out = json.loads(capsys.readouterr().out)
    tree = out["results"][0]["tree"]
    texts = [n["text"] for n in nodes(tree)]
    assert any("قانون مكافحة الإرهاب" in t for t in texts) and any("مستثنى" in t for t in texts)
    assert not any(mark in t for t in texts for mark in (RLM, LRI, PDI))
    assert out["results"][0]["charges"][0]["explanation"][1]["citation"]["label"] == "المادة 1"


# ------------------------------------------------------------------------- Arabic end to end

def test_evaluate_lang_ar_end_to_end(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", BLOCKED, "--decree", "LD-7-2022", "--lang", "ar"]) == 0
    out = capsys.readouterr().out
    assert "منح عفو عام عن الجرائم الإرهابية" in out                 # the decree's title_ar
    assert "المرسوم التشريعي رقم" in out                             # the decree's name
    assert "قانون مكافحة الإرهاب" in out                             # the statute's name_ar
    assert "مشمول بالعفو" in out and "مستثنى" in out and "يبقى موقوفاً" in out   # rulings and verdict
    assert "الجرائم الإرهابية التي أفضت إلى موت إنسان" in out         # the exclusion's reason
    assert f"{LRI}LD-7-2022{PDI}" in out and f"{LRI}2022-04-30{PDI}" in out
    assert "VERDICT" not in out and "charge c1" not in out
    for line in out.splitlines():
        if line.strip():
            assert line.lstrip(" -").startswith(RLM), line


def test_outcome_text_without_catalogue_still_renders(corpus: Corpus) -> None:
    """cases.py calls outcome_text(outcome, decree) with nothing else: the tree must still render."""
    p = load_profile_file(BLOCKED, corpus.catalogue)
    text = outcome_text(evaluate(p, "LD-7-2022", corpus=corpus), corpus.decree("LD-7-2022"))
    assert "VERDICT: BLOCKED" in text and "charge c2: excluded  [LD-7-2022 Art. 1]" in text


# ------------------------------------------------------------------------- catalogue

@pytest.mark.parametrize("years, en, ar", [
    (Fraction(20, 3), "6 years 8 months", "6 سنوات و8 أشهر"),
    (Fraction(1), "1 year", "سنة واحدة"),
    (Fraction(15), "15 years", "15 سنة"),
    (Fraction(2) + Fraction(1, 36), "2 years 10 days", "سنتان و10 أيام"),
])
def test_terms_in_words(years: Fraction, en: str, ar: str) -> None:
    assert term_text(years, "en") == en and term_text(years, "ar") == ar


def test_arabic_plural_categories_follow_cldr() -> None:
    assert [plural_category(n, "ar") for n in (0, 1, 2, 3, 10, 11, 99, 100, 103)] == [
        "zero", "one", "two", "few", "few", "many", "many", "other", "few"]


def test_every_message_has_english_and_arabic() -> None:
    def leaves(entry: Any, path: str) -> Iterator[tuple[str, Any]]:
        if isinstance(entry, dict) and ("en" in entry or "ar" in entry):
            yield path, entry
        elif isinstance(entry, dict):
            for k, v in entry.items():
                yield from leaves(v, f"{path}.{k}")
    found = list(leaves(catalogue(), ""))
    assert len(found) > 80
    missing = [p for p, e in found if not (e.get("en") and e.get("ar"))]
    assert missing == []
