"""Bad input gets one clear error naming the file, the field and what was expected."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from amnestyrules.case.profiles import load_profile, load_profile_file
from amnestyrules.errors import DecreeConflictError, InputError
from amnestyrules.law.corpus import load_corpus
from amnestyrules.loading import read_data_file
from support import BASE_DECREE, CATALOGUE, decree

GOOD_PROFILE = """\
id: client-17
person:
  nationality: syrian
  born: 1951-02-01
  incurable_illness: false
  whereabouts: custody
  surrendered_on: 2022-05-02
detention:
  held_without_charge: false
  civil_claim: false
charges:
  - id: c1
    statute: counter-terrorism-law
    article: "8"
    paragraph: null
    offence_date: 2019-03-01
    stage: convicted
    penalty: {kind: temporary-hard-labour, years: 10, start: 2019-06-01}
    facts:
      caused_death: false
      victim_waived: unknown
"""


def _write(tmp_path: Path, text: str, name: str = "client.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(tmp_path: Path, text: str, name: str = "client.yaml") -> InputError:
    path = _write(tmp_path, text, name)
    with pytest.raises(InputError) as info:
        load_profile_file(path, CATALOGUE)
    assert str(path) in str(info.value), "the error names the file"
    return info.value


def test_the_issue_s_profile_shape_is_accepted_as_written(tmp_path: Path) -> None:
    p = load_profile_file(_write(tmp_path, GOOD_PROFILE), CATALOGUE)
    assert p.id == "client-17" and p.charges[0].penalty.years == 10
    assert p.charges[0].facts["caused_death"].value == "false"


def test_json_profile_is_accepted(tmp_path: Path) -> None:
    import yaml
    data = yaml.safe_load(GOOD_PROFILE)
    text = json.dumps(data, default=str)
    p = load_profile_file(_write(tmp_path, text, "client.json"), CATALOGUE)
    assert p.charges[0].statute == "counter-terrorism-law"


@pytest.mark.parametrize("old, new, field, expected", [
    ("statute: counter-terrorism-law", "statute: counter-terorism-law", "charges[0].statute",
     "did you mean 'counter-terrorism-law'"),
    ("offence_date: 2019-03-01", "offence_date: 2019-02-30", "charges[0].offence_date", "real calendar date"),
    ("offence_date: 2019-03-01", "offence_date: 1940-01-01", "charges[0].offence_date", "after the person's birth"),
    ("caused_death: false", "caused_deth: false", "charges[0].facts.caused_deth", "did you mean 'caused_death'"),
    ("caused_death: false", "caused_death: maybe", "charges[0].facts.caused_death", "true, false or unknown"),
    ("stage: convicted", "stage: sentenced", "charges[0].stage", "one of accused"),
    ("years: 10", "years: ten", "charges[0].penalty.years", "a number"),
    ("kind: temporary-hard-labour", "kind: hard-labour", "charges[0].penalty.kind", "penalty kind"),
    ("    stage: convicted\n", "", "charges[0].stage", "required"),
    ("nationality: syrian", "nationality: syrain", "person.nationality", "did you mean 'syrian'"),
    ("article: \"8\"", "article: \"eight\"", "charges[0].article", "article number"),
    ("  whereabouts: custody", "  wherabouts: custody", "person.wherabouts", "did you mean 'whereabouts'"),
])
def test_profile_errors_name_field_and_expectation(tmp_path: Path, old: str, new: str, field: str,
                                                   expected: str) -> None:
    assert old in GOOD_PROFILE
    err = _error(tmp_path, GOOD_PROFILE.replace(old, new, 1))
    assert err.field == field
    assert expected in str(err)


def test_yaml_syntax_error_gives_line(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD_PROFILE.replace("charges:", "charges: [", 1))
    assert "line" in err.field and "valid YAML" in str(err)


def test_duplicate_key_is_refused(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD_PROFILE.replace("  whereabouts: custody", "  whereabouts: custody\n  whereabouts: at_large_abroad"))
    assert "duplicate key" in str(err)


def test_python_object_tag_is_refused_and_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"id: !!python/object/apply:os.system ['touch {marker}']\nperson: {{}}\n"
    err = _error(tmp_path, text)
    assert "construct an object" in str(err)
    assert not marker.exists()


def test_anchors_and_aliases_are_refused(tmp_path: Path) -> None:
    err = _error(tmp_path, "a: &x [1, 2]\nb: *x\n")
    assert "anchors or aliases" in str(err)


def test_non_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "client.yaml"
    path.write_bytes(b"id: \xff\xfe\n")
    with pytest.raises(InputError, match="UTF-8"):
        load_profile_file(path, CATALOGUE)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_data_file(tmp_path / "nope.yaml")


def test_duplicate_charge_ids_are_refused() -> None:
    data = {"id": "p", "person": {}, "charges": [
        {"id": "c1", "statute": "penal-code", "article": "287", "stage": "accused"},
        {"id": "c1", "statute": "penal-code", "article": "288", "stage": "accused"}]}
    with pytest.raises(InputError, match="used once"):
        load_profile(data, CATALOGUE)


def test_absent_fact_is_unknown_not_false() -> None:
    data = {"id": "p", "person": {}, "charges": [
        {"id": "c1", "statute": "penal-code", "article": "287", "stage": "accused"}]}
    p = load_profile(data, CATALOGUE)
    assert p.charges[0].fact("caused_death").value == "unknown"
    assert p.person.nationality == "unknown"


# ---------------------------------------------------------------- rule files

def _decree_error(**changes) -> InputError:
    with pytest.raises(InputError) as info:
        decree(**changes)
    assert "test-decree.yaml" in str(info.value)
    return info.value


def test_cutoff_after_issue_date_is_a_conflict() -> None:
    err = _decree_error(cutoff={"date": "2020-02-01", "rule": "before", "article": "1"})
    assert isinstance(err, DecreeConflictError) and err.field == "cutoff.date"


def test_fraction_above_one_is_refused() -> None:
    prov = copy.deepcopy(BASE_DECREE["provisions"][0])
    prov["benefit"] = {"fraction": "3/2"}
    err = _decree_error(provisions=[prov])
    assert err.field == "provisions[0].benefit.fraction" and "at most 1" in str(err)


def test_unknown_statute_in_a_rule_file_is_refused_with_suggestion() -> None:
    prov = copy.deepcopy(BASE_DECREE["provisions"][0])
    prov["applies_to"] = {"statutes": [{"statute": "penal-cod", "articles": ["285"]}]}
    err = _decree_error(provisions=[prov])
    assert err.field == "provisions[0].applies_to.statutes[0].statute" and "penal-code" in str(err)


def test_typo_in_a_rule_field_is_refused() -> None:
    prov = copy.deepcopy(BASE_DECREE["provisions"][0])
    prov["benifit"] = prov.pop("benefit")
    err = _decree_error(provisions=[prov])
    assert "benifit" in str(err) and "did you mean 'benefit'" in str(err)


def test_provision_that_excludes_exactly_what_it_covers_is_a_conflict() -> None:
    prov = {"id": "p1", "article": "1", "summary": {"en": "x", "ar": "س"},
            "applies_to": {"statutes": [{"statute": "penal-code", "articles": ["285"]}]}, "benefit": "full",
            "exclusions": [{"id": "x", "article": "2", "reason": {"en": "x", "ar": "س"},
                            "when": {"statutes": [{"statute": "penal-code", "articles": ["280-290"]}]}}]}
    err = _decree_error(provisions=[prov])
    assert isinstance(err, DecreeConflictError) and "excluded again" in str(err)


def test_provision_without_citation_is_refused() -> None:
    prov = copy.deepcopy(BASE_DECREE["provisions"][0])
    del prov["article"]
    err = _decree_error(provisions=[prov])
    assert err.field == "provisions[0].article"


def test_unconfirmed_article_needs_low_confidence_and_open_questions() -> None:
    prov = copy.deepcopy(BASE_DECREE["provisions"][0])
    prov["article"] = "Ch. 1 (article number unconfirmed)"
    err = _decree_error(provisions=[prov])
    assert "open_questions" in str(err)
    prov.update(confidence="low", open_questions=["which article?"])
    assert decree(provisions=[prov]).provisions[0].ref == "Ch. 1 (article number unconfirmed)"


def test_id_must_match_number_year_and_file_name(tmp_path: Path) -> None:
    err = _decree_error(id="LD-901-2020")
    assert err.field == "id"
    rules = tmp_path / "rules" / "decrees"
    rules.mkdir(parents=True)
    import yaml
    (rules / "LD-1-2020.yaml").write_text(yaml.safe_dump(BASE_DECREE, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError, match="file's name"):
        load_corpus([tmp_path / "rules"])


def test_user_rules_directory_adds_and_overrides_decrees(tmp_path: Path) -> None:
    import yaml
    d = tmp_path / "decrees"
    d.mkdir()
    (d / "LD-900-2020.yaml").write_text(yaml.safe_dump(BASE_DECREE, allow_unicode=True), encoding="utf-8")
    shipped = load_corpus()
    c = load_corpus([tmp_path])
    assert "LD-900-2020" in c.decrees and set(shipped.decrees) <= set(c.decrees)
    override = dict(BASE_DECREE, id="LD-7-2022", number=7, year=2022, issued="2022-04-30",
                    cutoff={"date": "2022-04-30", "rule": "before", "article": "1"})
    (d / "LD-7-2022.yaml").write_text(yaml.safe_dump(override, allow_unicode=True), encoding="utf-8")
    assert load_corpus([tmp_path]).decree("LD-7-2022").title_en == "synthetic test decree"


def test_unknown_decree_id_suggests_the_closest() -> None:
    with pytest.raises(InputError, match="did you mean 'LD-7-2022'"):
        load_corpus().decree("LD-7-2O22")


def test_a_misdemeanour_cannot_carry_a_felony_penalty() -> None:
    data = {"id": "p", "person": {}, "charges": [
        {"id": "c1", "statute": "penal-code", "article": "287", "stage": "convicted",
         "penalty": {"kind": "death"}}]}
    with pytest.raises(InputError) as info:
        load_profile(data, CATALOGUE, "p.yaml")
    assert info.value.field == "charges[0].penalty.kind" and "misdemeanour" in str(info.value)
    data["charges"][0]["penalty"] = {"kind": "simple-imprisonment", "years": 1}
    assert load_profile(data, CATALOGUE, "p.yaml").charges[0].penalty.kind == "simple-imprisonment"


def test_a_user_catalogue_that_breaks_a_shipped_decree_names_the_user_file(tmp_path: Path) -> None:
    text = (Path(__file__).resolve().parents[1] / "rules" / "statutes.yaml").read_text(encoding="utf-8")
    (tmp_path / "statutes.yaml").write_text(text.replace("- id: military-penal-code", "- id: military-code"),
                                            encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_corpus([tmp_path])
    assert info.value.file == str(tmp_path / "statutes.yaml")
    assert "military-penal-code" in str(info.value)


def test_a_whole_statute_narrowed_only_by_a_fact_is_refused_unless_the_file_says_so() -> None:
    # LD-10-2012 Art. 1(c) selected "any Penal Code article + unlicensed_carrying": a Penal Code 533
    # homicide was asked whether it was unlicensed carrying. Such a selector must name articles (or a
    # category, class or penalty), or say whole_statute: true on the entry.
    prov = copy.deepcopy(BASE_DECREE["provisions"][0])
    prov["applies_to"] = {"statutes": [{"statute": "penal-code", "articles": "all"}], "fact": "unlicensed_carrying"}
    err = _decree_error(provisions=[prov])
    assert err.field == "provisions[0].applies_to.statutes[0].articles"
    assert "whole_statute: true" in err.expected and "narrowed only by fact" in str(err.got)
    # nested all: is the same conjunction
    prov["applies_to"] = {"all": [{"statutes": [{"statute": "penal-code", "articles": ["312"]},
                                                {"statute": "weapons-law", "articles": "all"}]},
                                  {"facts": {"unlicensed_carrying": True}}]}
    err = _decree_error(provisions=[prov])
    assert err.field == "provisions[0].applies_to.all[0].statutes[1].articles"
    # accepted: the file says the whole statute is meant, or a category/articles narrow it
    prov["applies_to"]["all"][0]["statutes"][1]["whole_statute"] = True
    decree(provisions=[prov])
    decree(provisions=[dict(prov, applies_to={"statutes": [{"statute": "penal-code", "articles": "all"}],
                                              "categories": ["weapons"], "fact": "unlicensed_carrying"})])
    decree(provisions=[dict(prov, applies_to={"statutes": [{"statute": "weapons-law", "articles": "all"}]})])
    # whole_statute only means something beside articles: all
    err = _decree_error(provisions=[dict(prov, applies_to={"statutes": [
        {"statute": "penal-code", "articles": ["312"], "whole_statute": True}]})])
    assert err.field == "provisions[0].applies_to.statutes[0].whole_statute"


# ------------------------------------------------------------------ plausibility (issue 8, item 7)

def _one_charge(statute: str, article: str, offence: str, born: str = "1980-01-01", **extra: object) -> dict:
    return {"id": "p", "person": {"born": born},
            "charges": [{"id": "c1", "statute": statute, "article": article, "offence_date": offence,
                         "stage": "accused", **extra}]}


def test_an_offence_before_its_statute_took_effect_is_refused_naming_the_limit_and_source() -> None:
    with pytest.raises(InputError) as info:
        load_profile(_one_charge("counter-terrorism-law", "8", "1920-01-01", born="1900-01-01"), CATALOGUE, "p.yaml")
    err = info.value
    assert err.file == "p.yaml" and err.field == "charges[0].offence_date"
    assert "an offence date on or after 2012-07-02, when Counter-Terrorism Law took effect" in str(err)
    assert "got '1920-01-01'" in str(err) and "source: Law 19/2012" in str(err)
    assert "\n" not in str(err)
    # The day it took effect is accepted, and so is the day after.
    for day in ("2012-07-02", "2012-07-03"):
        p = load_profile(_one_charge("counter-terrorism-law", "8", day), CATALOGUE, "p.yaml")
        assert str(p.charges[0].offence_date) == day


def test_a_statute_known_only_by_its_year_says_so() -> None:
    with pytest.raises(InputError) as info:
        load_profile(_one_charge("military-penal-code", "100", "1949-12-31", born="1920-01-01"), CATALOGUE, "p.yaml")
    assert "on or after 1950-01-01 (Military Penal Code and Procedure dates from 1950; the exact day is not" \
           " catalogued)" in str(info.value)
    load_profile(_one_charge("military-penal-code", "100", "1950-01-01", born="1920-01-01"), CATALOGUE, "p.yaml")


def test_an_unknown_offence_date_is_never_refused_for_its_statute() -> None:
    p = load_profile(_one_charge("cybercrime-law", "27", "unknown", born="2015-01-01"), CATALOGUE, "p.yaml")
    assert p.charges[0].offence_date is not None


@pytest.mark.parametrize("order", ["person-first", "charges-first", "json-charges-first"])
def test_a_birth_after_the_offence_is_refused_whatever_the_field_order(tmp_path: Path, order: str) -> None:
    person = {"nationality": "syrian", "born": "2016-01-01"}
    charges = [{"id": "c1", "statute": "penal-code", "article": "287", "offence_date": "2015-06-01",
                "stage": "accused"}]
    if order == "person-first":
        data = {"id": "p", "person": person, "charges": charges}
    else:
        data = {"charges": charges, "id": "p", "person": {"born": person["born"], "nationality": "syrian"}}
    if order.startswith("json"):
        path = _write(tmp_path, json.dumps(data), "client.json")
    else:
        import yaml
        path = _write(tmp_path, yaml.safe_dump(data, sort_keys=False))
    err = _error(tmp_path, path.read_text(encoding="utf-8"), path.name)
    assert err.field == "charges[0].offence_date"
    assert "a date after the person's birth (2016-01-01)" in str(err) and "2015-06-01" in str(err)


def test_a_child_under_the_age_of_criminal_responsibility_is_refused() -> None:
    with pytest.raises(InputError) as info:
        load_profile(_one_charge("penal-code", "287", "2017-12-31", born="2008-01-01"), CATALOGUE, "p.yaml")
    err = info.value
    assert err.field == "charges[0].offence_date"
    assert "an offence date on or after 2018-01-01, when the person (born 2008-01-01) reached 10, the age of" \
           " criminal responsibility" in str(err)
    assert "LD 52" in str(err) and "confidence medium" in str(err)
    # On the tenth birthday the child can be prosecuted.
    load_profile(_one_charge("penal-code", "287", "2018-01-01", born="2008-01-01"), CATALOGUE, "p.yaml")


def test_before_the_2003_amendment_the_age_of_criminal_responsibility_was_seven() -> None:
    # Aged 8 on 2002-06-01: prosecutable under the original Juvenile Delinquents Law Art. 2.
    load_profile(_one_charge("penal-code", "287", "2002-06-01", born="1994-01-01"), CATALOGUE, "p.yaml")
    with pytest.raises(InputError, match="reached 7, the age of criminal responsibility"):
        load_profile(_one_charge("penal-code", "287", "2002-06-01", born="1996-01-01"), CATALOGUE, "p.yaml")


def test_a_birthday_on_29_february_reaches_the_age_on_28_february() -> None:
    load_profile(_one_charge("penal-code", "287", "2010-02-28", born="2000-02-29"), CATALOGUE, "p.yaml")
    with pytest.raises(InputError, match="on or after 2010-02-28"):
        load_profile(_one_charge("penal-code", "287", "2010-02-27", born="2000-02-29"), CATALOGUE, "p.yaml")


def test_every_example_profile_loads_without_warnings() -> None:
    examples = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.yaml"))
    assert examples
    for path in examples:
        data = read_data_file(path)
        if isinstance(data, dict) and "person" in data:
            assert load_profile_file(path, CATALOGUE).warnings == (), path


# ------------------------------------------------------------------ uncatalogued articles warn

def test_an_article_the_catalogue_does_not_list_is_a_warning_not_an_error() -> None:
    data = {"id": "p", "person": {"born": "1980-01-01"}, "charges": [
        {"id": "c1", "statute": "weapons-law", "article": "38", "offence_date": "2015-01-01", "stage": "accused"},
        {"id": "c2", "statute": "penal-code", "article": "625", "offence_date": "2015-01-01", "stage": "accused",
         "class": "misdemeanour"},
        {"id": "c3", "statute": "penal-code", "article": "287", "offence_date": "2015-01-01", "stage": "accused"}]}
    p = load_profile(data, CATALOGUE, "p.yaml")
    assert [c.id for c in p.charges] == ["c1", "c2", "c3"]
    assert [(n.file, n.field) for n in p.warnings] == [("p.yaml", "charges[0].article"), ("p.yaml", "charges[1].article")]
    assert p.warnings[0].message == \
        "Weapons and Ammunition decree Art. 38 is not in the catalogue: class and categories unknown"
    assert p.warnings[1].message == \
        "General Penal Code Art. 625 is not in the catalogue: categories unknown (class as stated)"
    assert str(p.warnings[0]) == "p.yaml: charges[0].article: " + p.warnings[0].message


def test_a_catalogued_article_gives_no_warning_and_warnings_do_not_change_profile_equality() -> None:
    listed = load_profile(_one_charge("penal-code", "287", "2015-01-01"), CATALOGUE, "a.yaml")
    assert listed.warnings == ()
    unlisted = load_profile(_one_charge("penal-code", "625", "2015-01-01"), CATALOGUE, "a.yaml")
    assert len(unlisted.warnings) == 1
    import attrs
    assert attrs.evolve(unlisted, warnings=()) == unlisted
