"""Bugs found by the property and hostile-input suites, each pinned by a plain example.

Every test names the file at fault and the symptom. Keep them even once fixed: they are
the cheapest guard against the bug coming back.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from amnestyrules.corpus import default_corpus
from amnestyrules.errors import InputError
from amnestyrules.loading import Node
from amnestyrules.rulefiles import load_decree

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
