"""The shipped JSON Schemas agree with the files the project ships."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from amnestyrules.loading import read_data_file

ROOT = Path(__file__).resolve().parents[1]


def _schema(name: str) -> dict:
    return json.loads(resources.files("amnestyrules").joinpath(f"schemas/{name}").read_text(encoding="utf-8"))


def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = _schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", sorted((ROOT / "rules" / "decrees").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_decree_file_matches_the_schema(path: Path) -> None:
    errors = list(_validator("decree.schema.json").iter_errors(read_data_file(path)))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def test_statute_catalogue_matches_the_schema() -> None:
    errors = list(_validator("statutes.schema.json").iter_errors(read_data_file(ROOT / "rules" / "statutes.yaml")))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_example_profile_matches_the_schema(path: Path) -> None:
    errors = list(_validator("profile.schema.json").iter_errors(read_data_file(path)))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def test_schema_rejects_what_the_loader_rejects() -> None:
    v = _validator("decree.schema.json")
    data = read_data_file(ROOT / "rules" / "decrees" / "LD-7-2022.yaml")
    data["provisions"][0]["benifit"] = data["provisions"][0].pop("benefit")
    assert not v.is_valid(data)


# ------------------------------------------------------------------ the schemas do not drift
#
# The loaders check the shape of a file by hand (to give a lawyer one line with the field path
# and a "did you mean"); the JSON Schemas describe the same formats to editors and other tools.
# These properties keep the two from drifting apart: everything the loaders accept, the schemas
# accept too (generated rule files and profiles, drawn from the loaders' own vocabulary).

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from amnestyrules.case.profiles import load_profile  # noqa: E402
from amnestyrules.law.corpus import default_corpus  # noqa: E402
from amnestyrules.law.rulefiles import load_decree  # noqa: E402
from amnestyrules.loading import Node  # noqa: E402
from amnestyrules.testing import decree_data, profiles, to_profile_data  # noqa: E402

DECREE_SCHEMA = _validator("decree.schema.json")
PROFILE_SCHEMA = _validator("profile.schema.json")


@settings(max_examples=60)
@given(data=decree_data())
def test_every_rule_file_the_loader_accepts_matches_the_schema(data: dict) -> None:
    load_decree(Node(data, "generated.yaml"), default_corpus().catalogue)     # the loader accepts it
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in DECREE_SCHEMA.iter_errors(data)]
    assert not errors, errors[:3]


@settings(max_examples=60)
@given(data=st.data())
def test_every_profile_the_loader_accepts_matches_the_schema(data: st.DataObject) -> None:
    profile = data.draw(profiles(max_charges=3, unknown_rate=0.3))
    plain = json.loads(json.dumps(to_profile_data(profile), default=str))   # as a JSON file holds it
    load_profile(plain, default_corpus().catalogue, "generated.json")         # the loader accepts it
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in PROFILE_SCHEMA.iter_errors(plain)]
    assert not errors, errors[:3]
