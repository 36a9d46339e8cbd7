"""docs/decrees.md is generated from the rule files and must be current."""

from __future__ import annotations

from pathlib import Path

from amnestyrules.corpus import load_corpus
from amnestyrules.reference import decree_reference, touches

ROOT = Path(__file__).resolve().parents[1]


def test_committed_decree_reference_is_current() -> None:
    committed = (ROOT / "docs" / "decrees.md").read_text(encoding="utf-8")
    assert committed == decree_reference(load_corpus()), \
        "docs/decrees.md is out of date: run `amnestyrules decrees --format markdown > docs/decrees.md`"


def test_matrix_is_derived_from_selectors() -> None:
    corpus = load_corpus()
    ld7 = corpus.decree("LD-7-2022")
    ct = ld7.provision("art1-ct-law")
    assert touches(ct, corpus.catalogue, "terrorism")
    assert touches(ct, corpus.catalogue, "terrorism-financing")
    assert not touches(ct, corpus.catalogue, "military-desertion")


def test_reference_lists_every_decree_with_its_open_questions() -> None:
    corpus = load_corpus()
    text = decree_reference(corpus)
    for d in corpus:
        assert f"## {d.id}" in text
        for q in d.open_questions:
            assert q in text
