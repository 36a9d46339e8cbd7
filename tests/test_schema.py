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
