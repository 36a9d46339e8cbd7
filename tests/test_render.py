"""Explanations as a tree, in text, JSON and Arabic, and right-to-left text that keeps its order."""

from __future__ import annotations

import json
import re
import unicodedata
from fractions import Fraction
from pathlib import Path
from typing import Any, Iterator

import pytest

from amnestyrules.case.profiles import load_profile_file
from amnestyrules.cli import main
from amnestyrules.engine.answers import Reason
from amnestyrules.engine.evaluate import evaluate
from amnestyrules.law.catalogue import load_catalogue
from amnestyrules.law.corpus import Corpus, load_corpus, load_decree_file
from amnestyrules.law.model import Citation
from amnestyrules.loading import Node, read_data_file
from amnestyrules.present.i18n import (
    LRI,
    PDI,
    RLM,
    bidi_line,
    bidi_text,
    catalogue,
    citation_label,
    citation_text,
    join,
    paragraph_label,
    plural_category,
    reason_text,
    term_text,
)
from amnestyrules.present.render import PROVISION_KEYS, explanation_tree, outcome_json, outcome_text
from amnestyrules.present.table import display_width, table

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
    assert any("قانون مكافحة الإرهاب" in t for t in texts) and any("مستثناة" in t for t in texts)
    assert not any(mark in t for t in texts for mark in (RLM, LRI, PDI))
    assert out["results"][0]["charges"][0]["explanation"][1]["citation"]["label"] == "المادة 1"


# ------------------------------------------------------------------------- Arabic end to end

def test_evaluate_lang_ar_end_to_end(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", BLOCKED, "--decree", "LD-7-2022", "--lang", "ar", "--detail"]) == 0
    out = capsys.readouterr().out
    assert "منح عفو عام عن الجرائم الإرهابية" in out                 # the decree's title_ar
    assert "المرسوم التشريعي رقم" in out                             # the decree's name
    assert "قانون مكافحة الإرهاب" in out                             # the statute's name_ar
    assert "مشمولة بالعفو" in out and "مستثناة" in out and "يبقى موقوفاً" in out   # rulings and verdict
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


# ------------------------------------------------------------------------- Arabic tables, lists, citations

def _visible(line: str) -> str:
    """What a terminal gives a column: no combining marks (harakat) and no direction marks.

    Measured with unicodedata, not wcwidth, so the table's own measure is checked, not repeated.
    """
    return "".join(ch for ch in line if not unicodedata.combining(ch) and unicodedata.category(ch) != "Cf")


def _column_starts(line: str) -> list[int]:
    """Display columns where a cell begins: a non-space after two spaces (or the line's start)."""
    v = _visible(line)
    return [i for i, ch in enumerate(v) if ch != " " and (i == 0 or v[i - 2:i] == "  ")]


def test_table_lines_up_arabic_with_harakat_by_display_width() -> None:
    rows = [["مُعَلَّقَةٌ عَلَى شَرْطٍ", "LD-7-2022", "1"], ["مستثناة", "LD-20-2019", "12"], ["يبقى موقوفاً", "-", "3"]]
    lines = table(rows, "ar", header=["الحكم", "المرسوم", "العدد"])
    assert len(lines) == 4
    assert all(line.startswith(RLM) for line in lines)                      # every row, as the header
    starts = [_column_starts(line) for line in lines]
    assert all(s == starts[0] for s in starts) and len(starts[0]) == 3, starts
    # Counting code points would have misplaced them: the harakat make the first cell 'longer'.
    assert len({line.index("LD") if "LD" in line else None for line in lines[1:3]}) == 2
    # Runs are isolated inside their cell, never across the gap between two cells.
    assert f"{LRI}LD-7-2022{PDI}  " in lines[1] and f"{LRI}1{PDI}" in lines[1]
    assert not any(line.endswith(" ") for line in lines)


def test_table_gives_a_wide_character_two_columns() -> None:
    lines = table([["中文", "x"], ["ab", "y"]], "en")
    assert lines == ["中文  x", "ab    y"]
    assert display_width("中文") == 4 and display_width("مُعَلَّقَة") == 5 and display_width(f"{RLM}{LRI}a{PDI}") == 1


def test_compare_in_arabic_is_a_table_of_marked_rows_aligned_by_display_width(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(ROOT / "examples" / "stacked-terrorism-and-weapons.yaml")
    decrees = ["--decree", "LD-7-2022", "--decree", "LD-20-2019", "--decree", "LD-36-2023"]
    assert main(["compare", path, *decrees, "--lang", "ar"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert all(line.startswith(RLM) for line in lines), lines
    header, rows = lines[1], lines[2:5]
    assert header.startswith(f"{RLM}المرسوم ") and "مقارنةً بـ" in lines[0] and "مراسيم" in lines[0]
    starts = _column_starts(header)
    assert len(starts) == 6
    for row in rows:
        assert _column_starts(row) == starts, (row, header)
    ld7 = next(row for row in rows if row.startswith(f"{RLM}{LRI}LD-7-2022{PDI}  "))
    assert f"{LRI}2022-04-30{PDI}" in ld7 and f"{LRI}c2{PDI}" in ld7
    assert "مشمولة بالعفو" in ld7 and "غير مشمولة" in ld7                     # c1, c2 under LD-7-2022
    assert "يبقى موقوفاً" in ld7                                                # the verdict (with tanween)


def test_decrees_lists_arabic_titles_in_a_marked_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["decrees", "--lang", "ar"]) == 0
    lines = capsys.readouterr().out.splitlines()
    d = load_decree_file(ROOT / "rules" / "decrees" / "LD-7-2022.yaml",
                         load_catalogue(Node(read_data_file(ROOT / "rules" / "statutes.yaml"), "rules/statutes.yaml")))
    row = next(line for line in lines if f"{LRI}LD-7-2022{PDI}" in line)
    assert bidi_line(d.title_ar)[1:] in row and d.title_en not in row
    assert "قبل" in row and "جرائم محددة" in row and "specific" not in row
    assert all(line.startswith(RLM) for line in lines)
    starts = [_column_starts(line)[:6] for line in lines]
    assert all(s == starts[0] for s in starts)
    assert main(["decrees"]) == 0
    english = capsys.readouterr().out
    assert d.title_en in english and RLM not in english and english.splitlines()[0].split()[0] == "id"


def test_arabic_lists_use_the_arabic_comma() -> None:
    assert join(["أ", "ب"], "ar") == "أ، ب" and join(["a", "b"], "en") == "a, b"
    depends = Reason("depends_on", {"facts": "c1.juvenile, c1.penalty", "possible": "pardoned, excluded"})
    assert reason_text(depends, "ar") == "يتوقف على: c1.juvenile، c1.penalty (الاحتمالات: مشمولة بالعفو، مستثناة)"
    assert reason_text(depends, "en") == "depends on: c1.juvenile, c1.penalty (possible: pardoned, excluded)"
    assert reason_text(Reason("blocked_by", {"charges": "c1, c2"}), "ar") == "تبقيه التهمة أو التهم c1، c2 موقوفاً"


@pytest.mark.parametrize("argv", [
    ["evaluate", str(ROOT / "examples" / "stacked-terrorism-and-weapons.yaml"), "--decree", "LD-20-2019"],
    ["explain", str(ROOT / "examples" / "stacked-terrorism-and-weapons.yaml"), "--decree", "LD-20-2019"],
    ["evaluate", str(ROOT / "examples" / "deserter-abroad.yaml"), "--decree", "LD-20-2019"],
])
def test_no_latin_comma_joins_arabic_text(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*argv, "--lang", "ar"]) == 0
    out = capsys.readouterr().out
    arabic = re.sub(f"{LRI}[^{PDI}]*{PDI}", "", out)          # English runs (isolated) may keep their commas
    assert "، " in arabic and ", " not in arabic


def test_paragraph_letters_in_the_decrees_own_script() -> None:
    statutes = load_catalogue(Node(read_data_file(ROOT / "rules" / "statutes.yaml"), "rules/statutes.yaml"))
    d20 = load_decree_file(ROOT / "rules" / "decrees" / "LD-20-2019.yaml", statutes)
    d7 = load_decree_file(ROOT / "rules" / "decrees" / "LD-7-2022.yaml", statutes)
    by_paragraph = {(p.citation.article, p.citation.paragraph): p.citation for p in d20.provisions}
    assert citation_label(by_paragraph[("13", "b")], "ar") == "المادة 13 (ب)"
    assert citation_label(by_paragraph[("13", "e")], "ar") == "المادة 13 (هـ)"
    assert citation_label(by_paragraph[("1", "a")], "en") == "Art. 1(a)"
    assert citation_text(by_paragraph[("1", "c")], "ar") == "[المرسوم 20/2019، المادة 1 (ج)]"
    assert {citation_label(p.citation, "ar") for p in d7.provisions} == {"المادة 1"}    # no paragraph: unchanged
    assert citation_label(Citation("LD-6-2020", "7", "2"), "ar") == "المادة 7 (2)"     # digits stay digits
    assert [paragraph_label(x, "ar") for x in "abcdefghij"] == ["أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط", "ي"]


@pytest.mark.parametrize("decree, latin, arabic", [("LD-61-2011", "i", "ط"), ("LD-72-2011", "e", "هـ")])
def test_paragraph_letters_match_the_letters_the_decrees_arabic_text_names(decree: str, latin: str, arabic: str) -> None:
    """The rule files quote the decree's own 'الفقرة ط' / 'الفقرة هـ' and cite paragraph i / e: the same letter."""
    text = (ROOT / "rules" / "decrees" / f"{decree}.yaml").read_text(encoding="utf-8")
    assert re.search(f"الفقرة {arabic}(\\s|$)", text, re.MULTILINE) and f'paragraph: "{latin}"' in text
    assert paragraph_label(latin, "ar") == arabic


def test_open_questions_are_marked_as_english_in_arabic_text_only(capsys: pytest.CaptureFixture[str]) -> None:
    warning = Reason("low_confidence", {"provision": "LD-20-2019", "confidence": "medium",
                                        "questions": "Is Art. 2 in force? | The 'x' limb [see (b)]."})
    ar = reason_text(warning, "ar")
    assert ar.endswith("مسائل مفتوحة: (بالإنكليزية) Is Art. 2 in force?؛ (بالإنكليزية) The 'x' limb [see (b)].")
    assert ar.startswith("تستند النتيجة إلى المرسوم 20/2019 ")
    assert bidi_line(ar).endswith(f"(بالإنكليزية) {LRI}Is Art. 2 in force?{PDI}؛ (بالإنكليزية) {LRI}The 'x' limb [see (b)].{PDI}")
    assert "بالإنكليزية" not in reason_text(warning, "en")
    quoting = Reason("low_confidence", {"provision": "LD-34-2011", "confidence": "medium",
                                        "questions": "Art. 1(h) is cut off after 'المتوارين': encoded so."})
    assert f"{LRI}Art. 1(h) is cut off after 'المتوارين': encoded so.{PDI}" in bidi_line(reason_text(quoting, "ar"))
    untranslated = reason_text(Reason("text", {"en": "Only in English.", "ar": ""}), "ar") + "  [المرسوم 7/2022]"
    assert bidi_line(untranslated) == f"{RLM}(بالإنكليزية) {LRI}Only in English.{PDI}  [المرسوم {LRI}7/2022{PDI}]"
    # A real answer below high confidence (LD-6-2020 on a deserter: the decree's open questions,
    # shown in the detail view and in JSON).
    profile = str(ROOT / "examples" / "deserter-abroad.yaml")
    question = load_corpus().decree("LD-6-2020").open_questions[0].split()[0]   # the first word (text is wrapped)
    assert main(["evaluate", profile, "--decree", "LD-6-2020", "--lang", "ar", "--detail"]) == 0
    assert f"(بالإنكليزية) {LRI}{question}" in capsys.readouterr().out
    assert main(["evaluate", profile, "--decree", "LD-6-2020", "--lang", "ar", "--format", "json"]) == 0
    warnings = json.loads(capsys.readouterr().out)["results"][0]["warnings"]
    assert any(f"(بالإنكليزية) {question}" in w for w in warnings)
    assert not any(mark in w for w in warnings for mark in (RLM, LRI, PDI))


def test_a_command_line_option_in_arabic_text_is_isolated_whole() -> None:
    """'--as-of' in an Arabic line was isolated from its first letter, leaving the two dashes to the
    right-to-left text, where a terminal draws them on the other side of the word ('as-of--')."""
    line = bidi_line("بحسب الوضع في 2026-12-07 (الخيار --as-of ليوم آخر؛ مسائل مفتوحة: --detail)")
    assert "\u2066--as-of\u2069" in line and "\u2066--detail\u2069" in line
    assert bidi_line("نتيجة - مرسوم") == "\u200fنتيجة - مرسوم"     # a lone dash between Arabic words stays Arabic
