"""A question asked on a day is answered under the decrees that existed that day.

Asked as of 1 February 2022, LD-27-2024 did not exist: offering "released if he surrenders by
2025-01-22" on that day answers a question nobody could have asked. Without named decrees the
library, the command line and the API take the decrees issued on or before the day of the
question and name the later ones as left out; a later decree asked for by name is answered as
a hypothetical and every rendering says so.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import pytest

import amnestyrules as ar
from amnestyrules.analysis.compare import compare
from amnestyrules.cli import main
from amnestyrules.population.config import load_config
from amnestyrules.population.report import summary_markdown
from amnestyrules.population.simulate import simulate

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ar.load_corpus()
DESERTER = ROOT / "examples" / "deserter-abroad.yaml"
PROFILE = ar.load_profile_file(DESERTER, CORPUS.catalogue)
DAY = dt.date(2022, 2, 1)
LATER = [d.id for d in CORPUS.in_issue_order() if d.issued > DAY]


def test_the_corpus_splits_on_the_day() -> None:
    by, after = CORPUS.issued_by(DAY), CORPUS.issued_after(DAY)
    assert [d.id for d in by + after] == [d.id for d in CORPUS.in_issue_order()]
    assert all(d.issued <= DAY for d in by) and all(d.issued > DAY for d in after)
    assert [d.id for d in CORPUS.issued_by(dt.date(2022, 1, 25))][-1] == "LD-3-2022"   # issued that very day


def test_the_library_asks_only_the_decrees_of_the_day_unless_told_otherwise() -> None:
    assert LATER == ["LD-7-2022", "LD-24-2022", "LD-36-2023", "LD-27-2024", "LD-39-2026"]
    default = [o.decree for o in ar.evaluate_all(PROFILE, corpus=CORPUS, as_of=DAY)]
    assert default == [d.id for d in CORPUS.issued_by(DAY)] and not set(default) & set(LATER)
    [many] = list(ar.evaluate_many([PROFILE], corpus=CORPUS, as_of=DAY))
    assert [o.decree for o in many] == default
    named = ar.evaluate_all(PROFILE, ["LD-27-2024"], corpus=CORPUS, as_of=DAY)
    assert [o.decree for o in named] == ["LD-27-2024"] and named[0].as_of == DAY     # a hypothetical, on request


def test_compare_prefers_a_decree_that_existed() -> None:
    c = compare(PROFILE, CORPUS, as_of=DAY)
    assert not {r.decree for r in c.rows} & set(LATER) and c.closest == "LD-3-2022"
    named = compare(PROFILE, CORPUS, decrees=["LD-3-2022", "LD-27-2024"], as_of=DAY)
    # Both free him on a surrender; the tie went to the most recent decree, one that did not yet exist.
    assert named.closest == "LD-3-2022" and [r.decree for r in named.later] == ["LD-27-2024"]
    assert named.to_json()["issued_after_as_of"] == ["LD-27-2024"]


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_evaluate_names_the_decrees_it_left_out(capsys: pytest.CaptureFixture[str]) -> None:
    out = _cli(capsys, "evaluate", str(DESERTER), "--as-of", "2022-02-01")
    assert "(20 decrees;" in out.splitlines()[0]
    assert "5 decrees issued after 2022-02-01 left out: LD-7-2022 ... LD-39-2026" in out
    assert not any(line.strip().startswith("LD-27-2024") for line in out.splitlines())
    assert "act by 2022-05-25" in out and "2025-01-22" not in out


def test_a_later_decree_asked_by_name_is_marked_as_a_hypothetical(capsys: pytest.CaptureFixture[str]) -> None:
    note = "NOTE: LD-27-2024 was issued on 2024-09-22, after 2022-02-01: answered as if it applied on that day"
    for extra in (["--decree", "LD-27-2024"], ["--all"], ["--decree", "LD-27-2024", "--detail"]):
        out = _cli(capsys, "evaluate", str(DESERTER), "--as-of", "2022-02-01", *extra)
        assert note in out, extra
        assert "left out" not in out, extra
    data = json.loads(_cli(capsys, "evaluate", str(DESERTER), "--as-of", "2022-02-01", "--all", "--format", "json"))
    flagged = [r["decree"] for r in data["results"] if r["issued_after_as_of"]]
    assert flagged == LATER and data["left_out"] == []


def test_json_lists_what_it_left_out(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(_cli(capsys, "evaluate", str(DESERTER), "--as-of", "2022-02-01", "--format", "json"))
    assert [x["decree"] for x in data["left_out"]] == LATER
    assert data["left_out"][0] == {"decree": "LD-7-2022", "issued": "2022-04-30", "why": "issued after as_of"}
    assert not any(r["issued_after_as_of"] for r in data["results"])


def test_before_the_first_decree_there_is_nothing_to_ask(capsys: pytest.CaptureFixture[str]) -> None:
    out = _cli(capsys, "evaluate", str(ROOT / "examples" / "terrorism-freed.yaml"), "--as-of", "2019-06-01",
               "--decree", "LD-7-2022")
    assert "NOTE: LD-7-2022 was issued on 2022-04-30, after 2019-06-01" in out
    out = _cli(capsys, "compare", str(ROOT / "examples" / "terrorism-freed.yaml"), "--as-of", "2011-01-01")
    assert "no decree of the corpus had been issued by 2011-01-01" in out


def test_arabic_says_it_too(capsys: pytest.CaptureFixture[str]) -> None:
    out = _cli(capsys, "evaluate", str(DESERTER), "--as-of", "2022-02-01", "--lang", "ar")
    assert "صدرت بعد" in out and "\u2066--all\u2069" in out


def test_a_population_study_keeps_every_decree_and_says_which_came_later() -> None:
    config = attrs.evolve(load_config(ROOT / "examples" / "populations" / "syria-2022.yaml", CORPUS.catalogue),
                          size=60)
    summary = simulate(config, CORPUS)
    assert [d.decree for d in summary.decrees] == [d.id for d in CORPUS.in_issue_order()]
    later = ", ".join(d.id for d in CORPUS.issued_after(config.as_of))       # 'decrees: all' is a study
    assert "Issued after 2022-07-15, so answered as if they applied on that day" in summary_markdown(
        summary, CORPUS.catalogue, config=config) and later in summary_markdown(summary, CORPUS.catalogue)
