"""The population simulator (issue 11 item 2): configs, generation, summaries, reports, `simulate`."""

from __future__ import annotations

import collections
import datetime as dt
import json
from pathlib import Path
from typing import Any

import attrs
import pytest

import amnestyrules as ar
from amnestyrules.cli import main
from amnestyrules.loading import read_data_file
from amnestyrules.population.config import FIELDS, PopulationConfig, load_config, parse_config
from amnestyrules.population.generate import generate
from amnestyrules.population.report import summary_markdown
from amnestyrules.population.reported import reported_releases
from amnestyrules.population.simulate import simulate
from amnestyrules.population.summary import FUNNEL, GROUPS, Tally, group_of, load_summary, summarise

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ar.load_corpus()
CONFIGS = sorted((ROOT / "examples" / "populations").glob("*.yaml"))
SYRIA = ROOT / "examples" / "populations" / "syria-2022.yaml"
EXAMPLES = {p.stem: ar.load_profile_file(p, CORPUS.catalogue) for p in sorted((ROOT / "examples").glob("*.yaml"))}


def _config(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = read_data_file(SYRIA)
    data.update(changes)
    return data


def _small(size: int = 150, **changes: Any) -> PopulationConfig:
    return attrs.evolve(load_config(SYRIA, CORPUS.catalogue), size=size, **changes)


# ------------------------------------------------------------------------- configs

@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.stem)
def test_every_shipped_config_loads_and_states_each_assumption(path: Path) -> None:
    config = load_config(path, CORPUS.catalogue)
    stated = set(read_data_file(path))
    explained = {a.field.split(".")[0] for a in config.assumptions}
    modelling = stated - {"name", "name_ar", "description", "seed", "as_of", "decrees", "assumptions",
                          "at_large_in_syria", "at_large_abroad"} | ({"at_large_abroad"} if config.at_large_abroad else set())
    assert modelling <= explained, f"fields without an assumption entry: {sorted(modelling - explained)}"


def test_the_2022_config_is_the_132000_held_of_snhr() -> None:
    config = load_config(SYRIA, CORPUS.catalogue)
    assert config.size == 132_000 and round(config.held_without_charge * 132_000, -3) == 87_000
    assert any("SNHR" in a.source for a in config.assumptions if a.field == "size")


@pytest.mark.parametrize(("changes", "field", "expected"), [
    ({"stages": {"accused": 0.5, "convicted": 0.4}}, "stages", "expected shares summing to 1, got 'a sum of 0.9'"),
    ({"held_without_charge": 1.5}, "held_without_charge", "expected a number between 0 and 1, got 1.5"),
    ({"sized": 10}, "sized", "expected a known field, got 'sized' (did you mean 'size'?)"),
    ({"charge_counts": {0: 1.0}}, "charge_counts", "expected a number of charges from 1 to 20 as each key, got 0"),
    ({"offence_dates": {"from": "2022-01-01", "to": "2021-01-01"}}, "offence_dates.to",
     "expected a date on or after 'from' (2022-01-01), got '2021-01-01'"),
    ({"unstated_facts": "maybe"}, "unstated_facts", "expected false or unknown"),
    ({"charges": [{"statute": "counter-terror-law", "article": "8", "share": 1.0}]}, "charges[0].statute",
     "expected a statute id from rules/statutes.yaml, got 'counter-terror-law' (did you mean 'counter-terrorism-law'?)"),
    ({"charges": [{"statute": "penal-code", "article": "621", "share": 1.0}]}, "charges[0].class",
     "expected one of felony, misdemeanour, contravention: the catalogue does not settle the class"),
    ({"facts": {"caused_deaths": 0.1}}, "facts.caused_deaths", "expected a known field, got 'caused_deaths'"),
])
def test_a_malformed_config_names_the_field_and_the_expected_form(changes: dict[str, Any], field: str,
                                                                  expected: str) -> None:
    with pytest.raises(ar.InputError) as err:
        parse_config(_config(**changes), CORPUS.catalogue, "pop.yaml")
    assert err.value.file == "pop.yaml" and err.value.field == field
    assert expected in err.value.message


def test_a_missing_field_is_named() -> None:
    data = _config()
    del data["charge_counts"]
    with pytest.raises(ar.InputError, match=r"pop.yaml: charge_counts: expected a value \(this field is required\)"):
        parse_config(data, CORPUS.catalogue, "pop.yaml")
    assert "charge_counts" in FIELDS


# ------------------------------------------------------------------------- generation

def test_the_seed_fixes_the_population() -> None:
    config = _small(40)
    first = list(generate(config, CORPUS.catalogue))
    assert first == list(generate(config, CORPUS.catalogue))
    assert first != list(generate(attrs.evolve(config, seed=config.seed + 1), CORPUS.catalogue))


def test_the_population_follows_the_config_s_shares() -> None:
    config = _small(3000)
    people = list(generate(config, CORPUS.catalogue))
    assert len(people) == 3000 and len({p.id for p in people}) == 3000
    without = sum(p.detention.held_without_charge for p in people) / 3000
    assert abs(without - config.held_without_charge) < 0.03
    charged = [p for p in people if p.charges]
    counts = collections.Counter(len(p.charges) for p in charged)
    assert abs(counts[1] / len(charged) - config.charge_counts[1]) < 0.05
    ct7 = [c for p in charged for c in p.charges if (c.statute, c.article) == ("counter-terrorism-law", "7")]
    deaths = sum(c.fact("caused_death") is ar.Tri.TRUE for c in ct7) / len(ct7)
    assert abs(deaths - 0.30) < 0.08, "the article's own share overrides the population-wide one"
    for p in charged:
        for c in p.charges:
            assert config.offence_dates.start <= c.offence_date <= config.offence_dates.end
            enacted = CORPUS.catalogue.statutes[c.statute].enacted
            assert enacted is None or c.offence_date >= enacted
            assert "juvenile" not in c.facts, "a fact the birth and offence dates settle is derived, never drawn"
            assert (c.penalty is None) == (c.stage == "accused")


# ------------------------------------------------------------------------- summaries

def test_the_tally_of_the_example_profiles_under_ld_7_2022() -> None:
    profiles = list(EXAMPLES.values())
    pairs = [(p, ar.evaluate_all(p, ["LD-7-2022"], corpus=CORPUS, as_of=dt.date(2023, 1, 1))) for p in profiles]
    d = summarise(pairs, CORPUS, "examples").decree("LD-7-2022")
    # released: terrorism-freed, sentence-cut-then-pardoned; blocked by one charge: the death (c2), the rifle (c2)
    # and the deserter abroad (c1); undetermined: the unknown death; out of reach: no charge, civil claim
    assert d.groups == {"released": 2, "released_if": 0, "sentence_reduced": 0, "blocked_one": 3,
                        "blocked_several": 0, "out_of_reach": 2, "undetermined": 1}
    assert {(b.statute, b.article): b.people for b in d.blocking} == {
        ("counter-terrorism-law", "7"): 1, ("penal-code", "312"): 1, ("military-penal-code", "101"): 1}
    # held: all but the deserter abroad; on charges: minus two; every charge covered: minus the rifle;
    # no exclusion: minus the death and the unknown death
    assert d.funnel == {"held": 7, "on_charges": 5, "covered": 4, "not_excluded": 2, "released": 2}
    assert d.eligible == 2 and d.reported is not None and d.reported.figure == 547


def test_a_simulated_population_adds_up() -> None:
    summary = simulate(_small(120), CORPUS)
    assert [d.decree for d in summary.decrees] == CORPUS.ids()
    assert summary.population["custody"] == 120
    for d in summary.decrees:
        assert d.total == 120, d.decree
        funnel = [d.funnel[s] for s in FUNNEL]
        assert funnel == sorted(funnel, reverse=True) and funnel[0] == 120, (d.decree, funnel)
        assert d.funnel["released"] == d.eligible       # everyone is in custody
        assert d.groups["out_of_reach"] >= summary.population["held_without_charge"]
        blocked = d.groups["blocked_one"] + d.groups["blocked_several"]
        assert sum(b.people for b in d.blocking) >= min(blocked, 1)


def test_group_of_splits_blocked_by_the_number_of_blocking_charges() -> None:
    (o,) = ar.evaluate_all(EXAMPLES["stacked-terrorism-and-weapons"], ["LD-34-2011"], corpus=CORPUS)
    assert o.outcome == "blocked" and group_of(o) == ("blocked_one" if len(o.blocking) == 1 else "blocked_several")
    assert set(GROUPS) >= {group_of(o)}


def test_the_reported_releases_name_decrees_of_the_corpus_and_their_sources() -> None:
    reports = reported_releases()
    assert reports["LD-7-2022"].figure == 547 and reports["LD-7-2022"].by == dt.date(2022, 7, 15)
    for decree, r in reports.items():
        CORPUS.decree(decree)
        assert r.sources and all(s.startswith("http") for s in r.sources) and r.counts and r.counts_ar


def test_the_report_puts_the_assumptions_before_any_result() -> None:
    config = _small(1)
    tally = Tally()
    for p in EXAMPLES.values():
        tally.add(p, ar.evaluate_all(p, ["LD-7-2022"], corpus=CORPUS, as_of=dt.date(2023, 1, 1)))
    summary = tally.summary(CORPUS, config.name)
    text = summary_markdown(summary, CORPUS.catalogue, "en", config)
    assert text.index("## Assumptions, not data") < text.index("## What each decree does")
    assert "| LD-7-2022 | 2022-04-30 | 2 | 0 | 0 | 3 | 0 | 2 | 1 |" in text
    assert "| LD-7-2022 | 2 | 547 | documented releases | [SNHR](https://" in text
    assert "| Counter-Terrorism Law Art. 7 | 1 |" in text
    arabic = summary_markdown(summary, CORPUS.catalogue, "ar", config)
    assert "## افتراضات وليست بيانات" in arabic and "المادة" in arabic


# ------------------------------------------------------------------------- the command

@pytest.fixture()
def _corpus_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import amnestyrules.cli.simulate
    monkeypatch.setattr(amnestyrules.cli.simulate, "corpus_of", lambda args: CORPUS)


@pytest.mark.usefixtures("_corpus_once")
def test_simulate_writes_the_summaries_and_the_charts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "run"
    assert main(["simulate", str(SYRIA), "--size", "60", "--out", str(out), "--decree", "LD-7-2022",
                 "--decree", "LD-24-2022"]) == 0
    assert "60 people through 2 decrees" in capsys.readouterr().err
    data = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert data["size"] == 60 and [d["decree"] for d in data["decrees"]] == ["LD-7-2022", "LD-24-2022"]
    assert all(sum(d["groups"].values()) == 60 for d in data["decrees"])
    assert data["assumptions"] and data["name"].endswith("a sample of 60")
    assert load_summary(out / "summary.json").decree("LD-7-2022").groups == data["decrees"][0]["groups"]
    names = {p.name for p in out.iterdir()}
    assert {"summary.md", "outcomes.png", "outcomes.svg", "funnel-LD-7-2022.png", "blocking-LD-7-2022.svg"} <= names
    assert "![outcomes.png](outcomes.png)" in (out / "summary.md").read_text(encoding="utf-8")


@pytest.mark.usefixtures("_corpus_once")
def test_simulate_refuses_a_bad_config_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "pop.yaml"
    bad.write_text(SYRIA.read_text(encoding="utf-8").replace("foreign: 0.01", "foreign: lots"), encoding="utf-8")
    assert main(["simulate", str(bad), "--out", str(tmp_path / "o")]) == 2
    assert capsys.readouterr().err.strip() == f"amnestyrules: error: {bad}: foreign: expected a number, got 'lots'"
