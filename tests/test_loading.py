"""Bad input gets one clear error naming the file, the field and what was expected."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from amnestyrules.corpus import load_corpus
from amnestyrules.errors import DecreeConflictError, InputError
from amnestyrules.loading import read_data_file
from amnestyrules.profiles import load_profile, load_profile_file
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
