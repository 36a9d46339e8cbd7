"""docs/decrees.md is generated from the rule files and must be current."""

from __future__ import annotations

from pathlib import Path

import pytest

from amnestyrules.errors import InputError
from amnestyrules.law.corpus import load_corpus
from amnestyrules.present.reference import decree_reference, load_reconciliation, touches

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


def test_reconciliation_section_covers_every_corpus_decree_in_its_period() -> None:
    """docs/decrees.md reconciles the corpus with the published counts (rules/reconciliation.yaml):
    every corpus decree issued inside a source's period is reviewed there, its in_corpus flag is
    true, and counted_by names exactly the sources whose period includes its issue date."""
    corpus = load_corpus()
    rec = load_reconciliation()
    text = decree_reference(corpus)
    assert "## Reconciliation with published counts" in text
    section = text.split("## Reconciliation with published counts", 1)[1]
    for s in rec.sources:
        assert s.url in section
    start, end = rec.period()
    in_period = [d for d in corpus if start <= d.issued <= end]
    assert in_period
    for d in in_period:
        assert f"| {d.id} |" in section, d.id
        reviewed = rec.decree(d.id)
        assert reviewed is not None, f"{d.id} is not reviewed in rules/reconciliation.yaml"
        assert reviewed.in_corpus, d.id
        assert set(reviewed.counted_by) == {s.id for s in rec.sources if s.covers(d.issued)}, d.id
    for r in rec.decrees:
        assert r.in_corpus == (r.id in corpus.decrees), r.id
    assert "not reviewed in rules/" not in section


def test_reconciliation_file_errors_name_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "reconciliation.yaml"
    bad.write_text("sources:\n  - {id: a, title: t, url: u, period: {from: 2011-03-01, to: 2012-01-01}, count: 1,\n"
                   "     list_found: false, note: n}\n"
                   "decrees:\n  - {id: LD-1-2011, in_corpus: false, counted_by: [b], note: n}\n"
                   "differences: []\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_reconciliation(bad)
    assert "decrees[0].counted_by[0]" in str(err.value)


def test_every_rule_file_records_its_revisions_and_the_reference_shows_the_last() -> None:
    corpus = load_corpus()
    text = decree_reference(corpus)
    for d in corpus:
        assert d.revisions, f"{d.id}: no revisions recorded"
        assert [r.date for r in d.revisions] == sorted(r.date for r in d.revisions), f"{d.id}: revisions not oldest first"
        assert f"Last revision ({d.revisions[-1].date}, {len(d.revisions)} in all)" in text
