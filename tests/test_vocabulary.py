"""`amnestyrules statutes` and `amnestyrules facts`: the catalogue and the fact vocabulary, for a
lawyer who writes a profile by hand (and the same JSON the API serves, tests/test_web_api.py)."""

from __future__ import annotations

import json

import pytest

from amnestyrules.cli import common, main
from amnestyrules.facts import CHARGE_FACTS, PERSON_FACTS
from amnestyrules.law.corpus import default_corpus
from amnestyrules.present.i18n import RLM

CORPUS = default_corpus()
CATALOGUE = CORPUS.catalogue


@pytest.fixture(autouse=True)
def one_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands read the rules loaded once for the module (loading them is tested elsewhere)."""
    monkeypatch.setattr(common, "load_corpus", lambda dirs=(): CORPUS)


def test_statutes_json_lists_every_statute_with_both_names_articles_and_what_they_cannot_involve(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["statutes", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [s["id"] for s in out["statutes"]] == list(CATALOGUE.statutes)
    mpc = next(s for s in out["statutes"] if s["id"] == "military-penal-code")
    assert mpc["name_en"] == "Military Penal Code and Procedure" and mpc["name_ar"]
    art100 = next(a for a in mpc["articles"] if a["articles"] == "100")
    assert art100["categories"] == ["military-desertion"] and art100["chargeable"] is True
    assert "caused_death" in art100["cannot_involve"]          # a desertion involves no death
    assert art100["penalties"] and "death" not in art100["penalties"]
    assert {c["id"] for c in out["categories"]} == set(CATALOGUE.categories)
    assert {p["id"] for p in out["penalties"]} == set(CATALOGUE.penalties)
    assert all(p["ar"] for p in out["penalties"])


def test_one_statute_in_text_names_its_articles_classes_and_penalties(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["statutes", "military-penal-code"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("military-penal-code: Military Penal Code and Procedure\n")
    line = next(x for x in out.splitlines() if x.strip().startswith("Art. 101 "))
    assert "felony" in line and "desertion from the armed forces" in line and "confidence medium" in line
    assert "cannot involve (never asked): caused_death" in out
    assert "penalties it can carry: temporary detention" in out


def test_one_statute_as_json_is_the_entry_of_the_full_listing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["statutes", "penal-code", "--format", "json"]) == 0
    one = json.loads(capsys.readouterr().out)
    assert main(["statutes", "--format", "json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert one == next(s for s in listing["statutes"] if s["id"] == "penal-code")


def test_statutes_in_arabic_are_right_to_left_with_arabic_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["statutes", "--lang", "ar"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert all(line.startswith(RLM) for line in lines if line)
    assert any(CATALOGUE.statutes["penal-code"].name_ar in line for line in lines)


def test_unknown_statute_is_one_line_with_the_closest_spelling(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["statutes", "penal-cod"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "statute: expected a statute id from rules/statutes.yaml, got 'penal-cod' (did you mean 'penal-code'?)" in err


def test_facts_json_has_every_charge_and_person_fact_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["facts", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [f["name"] for f in out["charge"]] == list(CHARGE_FACTS)
    assert [f["name"] for f in out["person"]] == list(PERSON_FACTS)
    death = out["charge"][0]
    assert death == {"name": "caused_death", "en": CHARGE_FACTS["caused_death"][0], "ar": CHARGE_FACTS["caused_death"][1]}
    assert out["values"] == ["true", "false", "unknown"]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_facts_text_gives_each_fact_its_meaning(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["facts", "--lang", lang]) == 0
    plain = capsys.readouterr().out.translate({ord(c): None for c in "\u200f\u2066\u2069"})
    rows = {line.split()[0]: line for line in plain.splitlines() if line.strip()}
    i = 1 if lang == "ar" else 0
    for name, meanings in {**CHARGE_FACTS, **PERSON_FACTS}.items():
        assert meanings[i] in rows[name], name
