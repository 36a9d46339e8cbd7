"""The answer a lawyer reads first (issue: answers a lawyer can act on): judged on the day asked,
the verdict first, and short enough to read on one screen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from amnestyrules.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["evaluate", *argv]) == 0
    return capsys.readouterr().out


def test_an_expired_surrender_is_not_offered_today(capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(capsys, str(ROOT / "examples/deserter-abroad.yaml"), "--decree", "LD-3-2022")
    assert f"judged as of {dt.date.today().isoformat()}" in out.splitlines()[0]
    row = next(line for line in out.splitlines() if line.strip().startswith("LD-3-2022  "))
    assert row.split()[1] == "BLOCKED"
    assert "deadline 2022-05-25 passed" in out and "RELEASED IF" not in out


def test_on_the_issue_day_the_same_surrender_is_open(capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(capsys, str(ROOT / "examples/deserter-abroad.yaml"), "--decree", "LD-3-2022", "--as-of", "2022-01-25")
    assert "judged as of 2022-01-25" in out.splitlines()[0]
    row = next(line for line in out.splitlines() if line.strip().startswith("LD-3-2022  "))
    assert row.split()[1:3] == ["RELEASED", "IF"] and "act by 2022-05-25" in row
    assert "c1: pardoned if:" in out and "by 2022-05-25" in out


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_example_fits_on_a_screen(capsys: pytest.CaptureFixture[str], example: Path, lang: str) -> None:
    out = _run(capsys, str(example), "--lang", lang, "--as-of", "2026-12-02")
    lines = out.rstrip("\n").splitlines()
    assert len(lines) <= 60, f"{example.name}: {len(lines)} lines"
    from amnestyrules.present.table import display_width
    assert max(display_width(line) for line in lines) <= 101   # 100 columns (+ a truncation mark)


def test_decrees_that_cannot_touch_a_charge_are_folded_into_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(capsys, str(ROOT / "examples/terrorism-blocked-by-death.yaml"), "--as-of", "2026-12-02")
    folded = [line for line in out.splitlines() if "cannot touch any charge" in line]
    assert len(folded) == 1 and folded[0].startswith("16 decrees issued before the earliest offence (2018-11-20)")
    assert not any(line.strip().startswith("LD-34-2011") for line in out.splitlines())


def test_detail_keeps_every_tree(capsys: pytest.CaptureFixture[str]) -> None:
    short = _run(capsys, str(ROOT / "examples/terrorism-blocked-by-death.yaml"), "--as-of", "2026-12-02")
    long = _run(capsys, str(ROOT / "examples/terrorism-blocked-by-death.yaml"), "--as-of", "2026-12-02", "--detail")
    assert long.count("VERDICT:") == 25 and short.count("VERDICT:") == 0
    assert all(len(line) <= 100 for line in long.splitlines() if "http" not in line)
    assert "born under" not in long and "offence date unknown is" not in long


def test_decrees_with_no_provision_for_any_charge_are_folded_and_all_block(capsys: pytest.CaptureFixture[str]) -> None:
    """A desertion decree says nothing about a terrorism charge: one line names every such decree,
    and folding never hides a way out (each folded decree's verdict is blocked)."""
    example = ROOT / "examples/terrorism-death-unknown.yaml"
    out = _run(capsys, str(example), "--as-of", "2026-12-01")
    folded = [line for line in out.splitlines() if "with no provision for any of these charges" in line]
    assert len(folded) == 1 and folded[0].startswith("9 decrees with no provision for any of these charges (blocked)")
    rows = [line.split()[0] for line in out.splitlines() if line.startswith("  LD-")]
    assert "LD-3-2022" not in rows and "LD-7-2022" in rows
    from amnestyrules.case.profiles import load_profile_file
    from amnestyrules.engine.evaluate import evaluate
    from amnestyrules.law.corpus import default_corpus
    corpus = default_corpus()
    profile = load_profile_file(example, corpus.catalogue)
    for decree_id in ("LD-32-2015", "LD-3-2022", "LD-24-2022", "LD-27-2024"):
        assert decree_id in out.split("with no provision")[1]
        assert evaluate(profile, decree_id, corpus=corpus, as_of=dt.date(2026, 12, 1)).outcome == "blocked"
