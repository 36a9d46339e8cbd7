"""Helpers for building small synthetic decrees and profiles in tests."""

from __future__ import annotations

import copy
from typing import Any

from amnestyrules.case.profiles import load_profile
from amnestyrules.law.corpus import Corpus, load_corpus
from amnestyrules.law.model import Decree
from amnestyrules.law.rulefiles import load_decree
from amnestyrules.loading import Node

_SHIPPED = load_corpus()
CATALOGUE = _SHIPPED.catalogue

BASE_DECREE: dict[str, Any] = {
    "id": "LD-900-2020", "number": 900, "year": 2020, "kind": "general",
    "title": {"en": "synthetic test decree", "ar": "مرسوم اختبار"},
    "issued": "2020-01-31", "cutoff": {"date": "2020-01-31", "rule": "before", "article": "1"},
    "confidence": "high", "sources": ["test"],
    "provisions": [{"id": "p1", "article": "1", "summary": {"en": "all misdemeanours", "ar": "الجنح"},
                    "applies_to": {"class": ["misdemeanour"]}, "benefit": "full"}],
}


def decree(**changes: Any) -> Decree:
    data = copy.deepcopy(BASE_DECREE)
    data.update(changes)
    return load_decree(Node(data, "test-decree.yaml"), CATALOGUE)


def corpus_with(*decrees: Decree) -> Corpus:
    return Corpus(CATALOGUE, {d.id: d for d in decrees})


def profile(charges: list[dict[str, Any]], detention: dict[str, bool] | None = None, **person: Any) -> Any:
    data: dict[str, Any] = {"id": "p", "person": {"nationality": "syrian", **person}, "charges": charges}
    if detention:
        data["detention"] = detention
    return load_profile(data, CATALOGUE, "test-profile.yaml")


def charge(cid: str = "c1", **fields: Any) -> dict[str, Any]:
    base = {"id": cid, "statute": "penal-code", "article": "287", "offence_date": "2019-05-01",
            "stage": "accused"}
    base.update(fields)
    return base


def failures_section(pytest_output: str) -> str:
    """The FAILURES part of a pytest run's output. The short summary after it repeats each failure's
    message, cut to the terminal's width locally but whole when the ``CI`` variable is set, so a
    count of a message over the whole output would differ between a laptop and CI."""
    return pytest_output.split("short test summary info", 1)[0]
