"""The decree timeline and its sentence arithmetic.

Every release date below is worked out by hand in the comments, from the synthetic decrees in
tests/fixtures/timeline_rules/ (see its README for their clauses) and the real LD-7-2022. The
corpus is built from those files only, so decrees other engineers add do not move the answers.
Terms are counted as sentencing.add_term does: whole calendar months, then a month part at
30 days; a fraction is taken of the imposed term as it stands (FRACTION_BASE).
"""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from amnestyrules.analysis import sentencing
from amnestyrules.analysis.sentencing import Sentence, add_term, concurrent_release, cut, new_sentence
from amnestyrules.analysis.timeline import Timeline, build_timeline
from amnestyrules.case.profiles import load_profile
from amnestyrules.cli import main
from amnestyrules.errors import InputError
from amnestyrules.law.catalogue import load_catalogue
from amnestyrules.law.corpus import Corpus, load_decree_file
from amnestyrules.loading import Node, read_data_file
from amnestyrules.present.timeline import timeline_json, timeline_text

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "timeline_rules"
CATALOGUE = load_catalogue(Node(read_data_file(ROOT / "rules" / "statutes.yaml"), "rules/statutes.yaml"))
D = dt.date


def _corpus() -> Corpus:
    files = sorted((FIXTURES / "decrees").glob("LD-*.yaml")) + [ROOT / "rules" / "decrees" / "LD-7-2022.yaml"]
    decrees = [load_decree_file(f, CATALOGUE) for f in files]
    return Corpus(CATALOGUE, {d.id: d for d in decrees})


CORPUS = _corpus()


def charge(cid: str, article: str, offence: str, kind: str, start: str, years: float | None = None,
           **facts: Any) -> dict[str, Any]:
    penalty: dict[str, Any] = {"kind": kind, "start": start}
    if years is not None:
        penalty["years"] = years
    out = {"id": cid, "statute": "penal-code", "article": article, "offence_date": offence, "stage": "convicted",
           "penalty": penalty}
    if facts:
        out["facts"] = facts
    return out


def profile(*charges: dict[str, Any], detention: dict[str, bool] | None = None) -> Any:
    data: dict[str, Any] = {"id": "p", "person": {"nationality": "syrian", "born": "1980-01-01"},
                            "charges": list(charges)}
    if detention:
        data["detention"] = detention
    return load_profile(data, CATALOGUE, "test-profile.yaml")


def steps_of(t: Timeline, cid: str) -> list[tuple[str, str, str]]:
    """(decree, effect, citation label) of every step the charge went through."""
    return [(s.decree.id, c.effect, c.citation.label) for s in t.steps for c in s.charges if c.charge == cid]


# Charge a: Penal Code Art. 298, temporary detention, 15 years from 2012-01-01 (ends 2027-01-01).
A = charge("a", "298", "2011-06-01", "temporary-detention", "2012-01-01", 15)


# ------------------------------------------------------------------------- the required cases

def test_a_fraction_cut_then_a_later_full_pardon() -> None:
    # LD-901-2015 Art. 2 remits a third of the imposed 15 years: 10 years from 2012-01-01 -> 2022-01-01.
    # LD-902-2017 Art. 3 excludes Art. 298 from its quarter: left as it is (still 2022-01-01).
    # LD-903-2019 Art. 1 pardons Art. 298 on 2019-09-01, while the 10 years still run: released 2019-09-01.
    # LD-904-2020 and LD-7-2022 find nothing left to act on.
    t = build_timeline(profile(A), corpus=CORPUS)
    assert steps_of(t, "a") == [("LD-901-2015", "cut", "Art. 2"), ("LD-902-2017", "unchanged", "Art. 3"),
                                ("LD-903-2019", "cleared", "Art. 1")]
    first = t.steps[0].charges[0]
    assert first.after.term == 10 and first.after.end == D(2022, 1, 1) and first.before.end == D(2027, 1, 1)
    assert t.steps[1].charges[0].ruling.ruling == "excluded"
    assert t.status == "released" and t.release.day == D(2019, 9, 1) and t.release.charges == ("a",)
    assert [(s.charges, s.idle) for s in t.steps[3:]] == [((), "ended"), ((), "ended")]
    assert ("2020-06-01 to 2022-04-30  LD-904-2020, LD-7-2022: nothing left to act on (every sentence had ended)"
            in timeline_text(t, CATALOGUE))
    assert t.last_change("a").citation.decree == "LD-903-2019"  # type: ignore[union-attr]


def test_a_fraction_cut_then_pardoned_by_ld_7_2022() -> None:
    # CT Law Art. 8, 10 years' temporary hard labour from 2019-06-01 (ends 2029-06-01), no death.
    # LD-901/902 were issued before the 2019-03-01 offence: skipped. LD-903 covers the Penal Code only.
    # LD-904-2020 Art. 1: a third off 10 years = 6 years 8 months from 2019-06-01 -> 2026-02-01.
    # LD-7-2022 Art. 1 pardons terrorist crimes that caused no death: cleared on 2022-04-30.
    c = {"id": "t", "statute": "counter-terrorism-law", "article": "8", "offence_date": "2019-03-01",
         "stage": "convicted", "penalty": {"kind": "temporary-hard-labour", "years": 10, "start": "2019-06-01"},
         "facts": {"caused_death": False}}
    t = build_timeline(profile(c), corpus=CORPUS)
    assert steps_of(t, "t") == [("LD-903-2019", "unchanged", "LD-903-2019"), ("LD-904-2020", "cut", "Art. 1"),
                                ("LD-7-2022", "cleared", "Art. 1")]
    cut_step = t.steps[3].charges[0]
    assert cut_step.after.term == Fraction(20, 3) and cut_step.after.end == D(2026, 2, 1)
    assert t.release.day == D(2022, 4, 30) and t.status == "released"


def test_commutation_death_to_life_to_twenty_years() -> None:
    # b: Penal Code Art. 535, death, in custody since 2010-03-15, the act caused a death.
    # LD-901-2015 Art. 1: death -> life hard labour (no end).
    # LD-902-2017 Art. 1: life hard labour -> 20 years' temporary hard labour, counted from the
    #   original start: 2010-03-15 + 20 years = 2030-03-15 (Art. 2's quarter does not reach a life penalty).
    # LD-903-2019 Art. 2 excludes an act that caused a death: left as it is. Release 2030-03-15.
    b = charge("b", "535", "2009-12-01", "death", "2010-03-15", caused_death=True)
    t = build_timeline(profile(b), corpus=CORPUS)
    assert steps_of(t, "b")[:3] == [("LD-901-2015", "commuted", "Art. 1"), ("LD-902-2017", "commuted", "Art. 1"),
                                    ("LD-903-2019", "unchanged", "Art. 2")]
    assert t.steps[0].charges[0].after.kind == "life-hard-labour" and t.steps[0].release.indefinite
    second = t.steps[1].charges[0].after
    assert (second.kind, second.term, second.end) == ("temporary-hard-labour", 20, D(2030, 3, 15))
    assert t.release == sentencing.Release(D(2030, 3, 15), False, ("b",))


@pytest.mark.parametrize("offence, effect, end", [
    # After LD-902-2017's cutoff (before 2016-01-01): untouched. 8 years from 2016-09-01 -> 2024-09-01.
    ("2016-06-01", "after_cutoff", D(2024, 9, 1)),
    # Before it: a quarter off 8 years = 6 years from 2016-09-01 -> 2022-09-01.
    ("2015-10-01", "cut", D(2022, 9, 1)),
])
def test_an_offence_after_a_decrees_cutoff_is_untouched_by_it(offence: str, effect: str, end: dt.date) -> None:
    # Both offences come after LD-901-2015 was issued (2015-06-01), so it is skipped; LD-903-2019
    # Art. 2 excludes an act that caused a death; LD-904-2020 and LD-7-2022 do not cover Art. 535.
    c = charge("c", "535", offence, "temporary-hard-labour", "2016-09-01", 8, caused_death=True)
    t = build_timeline(profile(c), corpus=CORPUS)
    first = t.steps[1].charges[0]
    assert t.steps[0].charges == () and first.effect == effect
    assert first.citation.decree == "LD-902-2017" and first.citation.article in ("1", "2")
    assert t.release.day == end
    if effect == "after_cutoff":
        assert not first.changed and "not before the cutoff 2016-01-01" in timeline_text(t, CATALOGUE)


def test_two_concurrent_sentences_merge_into_the_heaviest() -> None:
    # a as above; d: Penal Code Art. 535, 18 years' temporary hard labour from 2012-01-01, caused a death.
    # Merger (Penal Code Art. 204-205): the person is held until the heaviest sentence ends.
    # LD-901-2015: a -> 10 y (2022-01-01), d -> 12 y (2024-01-01): release 2024-01-01, decided by d.
    # LD-902-2017: a excluded (2022-01-01); d: a quarter off 12 = 9 y (2021-01-01): release 2022-01-01, by a.
    # LD-903-2019: a pardoned (2019-09-01); d excluded (death): release 2021-01-01, by d.
    d = charge("d", "535", "2011-06-01", "temporary-hard-labour", "2012-01-01", 18, caused_death=True)
    t = build_timeline(profile(A, d), corpus=CORPUS)
    assert [(s.release.day, s.release.charges) for s in t.steps[:3]] == [
        (D(2024, 1, 1), ("d",)), (D(2022, 1, 1), ("a",)), (D(2021, 1, 1), ("d",))]
    assert t.release.day == D(2021, 1, 1) and t.release.charges == ("d",)
    text = timeline_text(t, CATALOGUE)
    assert "RESULT: released on 2021-01-01" in text
    assert "d: changed by [LD-901-2015 Art. 2], [LD-902-2017 Art. 2]" in text


def test_as_of_before_the_first_decree_is_an_error() -> None:
    with pytest.raises(InputError) as err:
        build_timeline(profile(A), corpus=CORPUS, as_of=D(2015, 5, 31))
    assert "as_of" in str(err.value) and "LD-901-2015" in str(err.value) and "2015-06-01" in str(err.value)


@pytest.mark.parametrize("penalty, field", [
    (None, "charges[0].penalty"),
    ({"kind": "temporary-detention", "years": 5}, "charges[0].penalty.start"),
    ({"kind": "temporary-detention", "start": "2012-01-01"}, "charges[0].penalty.years"),
])
def test_an_incomplete_sentence_is_an_error_naming_the_charge_and_field(penalty: Any, field: str) -> None:
    c = {"id": "x1", "statute": "penal-code", "article": "298", "offence_date": "2011-06-01", "stage": "convicted"}
    if penalty:
        c["penalty"] = penalty
    with pytest.raises(InputError) as err:
        build_timeline(profile(c), corpus=CORPUS)
    assert err.value.field == field and err.value.file == "test-profile.yaml"
    assert "'x1'" in str(err.value) and "timeline" in str(err.value)


def test_a_death_sentence_needs_a_start_but_no_term() -> None:
    (s,) = build_timeline(profile(charge("b", "535", "2009-12-01", "death", "2010-03-15", caused_death=True)),
                          corpus=CORPUS).initial
    assert s.term is None and s.end is None


# ------------------------------------------------------------------------- as-of and holds

@pytest.mark.parametrize("as_of, decrees, out", [
    # Up to 2018-01-01: LD-901 and LD-902 only; a ends 2022-01-01: not out yet.
    (D(2018, 1, 1), ["LD-901-2015", "LD-902-2017"], False),
    # Up to 2020-01-01: LD-903 pardoned a on 2019-09-01: out.
    (D(2020, 1, 1), ["LD-901-2015", "LD-902-2017", "LD-903-2019"], True),
])
def test_as_of_limits_the_decrees_and_says_whether_the_person_is_out(as_of: dt.date, decrees: list[str],
                                                                      out: bool) -> None:
    t = build_timeline(profile(A), corpus=CORPUS, as_of=as_of)
    assert [s.decree.id for s in t.steps] == decrees and t.out_by_as_of is out
    assert t.release.day == (D(2019, 9, 1) if out else D(2022, 1, 1))


def test_still_held_after_the_last_decree_names_the_charge() -> None:
    # e: life detention. LD-901 commutes death only, LD-902 life hard labour only, LD-903 excludes
    # a death, LD-904 and LD-7-2022 do not cover Art. 535: still held after LD-7-2022.
    e = charge("e", "535", "2011-06-01", "life-detention", "2012-01-01", caused_death=True)
    t = build_timeline(profile(A, e), corpus=CORPUS)
    assert t.status == "still_held" and t.release.indefinite and t.release.charges == ("e",)
    assert t.last_decree is not None and t.last_decree.id == "LD-7-2022"
    text = timeline_text(t, CATALOGUE)
    assert "RESULT: still held after the last decree (LD-7-2022), by e" in text
    assert "last decree: not covered [LD-7-2022]" in text


def test_conditional_undetermined_and_excluded_rulings_leave_the_sentence_as_it_is() -> None:
    # LD-903-2019 on three charges still running on 2019-09-01:
    #   w (Art. 285, victim harmed, no waiver yet): conditional on the waiver (Art. 3);
    #   u (Art. 535, whether it caused a death unknown): undetermined;
    #   x (Art. 535, caused a death): excluded (Art. 2).
    common = ("2019-01-01", "temporary-hard-labour", "2019-02-01", 6)
    w = charge("w", "285", *common, personal_harm=True, victim_waived=False)
    u = charge("u", "535", *common)
    x = charge("x", "535", *common, caused_death=True)
    t = build_timeline(profile(w, u, x), corpus=CORPUS)
    (ld903,) = [s for s in t.steps if s.decree.id == "LD-903-2019"]
    assert [(s.charges, s.idle) for s in t.steps[:2]] == [((), "before_offences")] * 2
    steps = {c.charge: c for c in ld903.charges}
    assert {k: (c.ruling.ruling, c.effect, c.changed) for k, c in steps.items()} == {
        "w": ("conditional", "conditional", False), "u": ("undetermined", "undetermined", False),
        "x": ("excluded", "unchanged", False)}
    text = timeline_text(t, CATALOGUE)
    assert "2015-06-01 to 2017-03-01  LD-901-2015, LD-902-2017: issued before the offences still held" in text
    assert "w: pardoned if a condition is met: sentence left as it is until the condition is shown to be met" in text
    assert "u: undetermined (depends on u.caused_death): sentence left as it is" in text
    assert "x: excluded (exclusion: the act caused a person's death): sentence left as it is" in text
    # 6 years from 2019-02-01 -> 2025-02-01 for all three (LD-904 and LD-7-2022 do not reach Art. 285/535).
    assert t.release.day == D(2025, 2, 1)


def test_a_hold_no_decree_reaches_keeps_the_person_inside() -> None:
    t = build_timeline(profile(A, detention={"civil_claim": True}), corpus=CORPUS)
    assert t.release.day == D(2019, 9, 1) and t.status == "still_held" and t.other_holds == ("civil_claim",)


# ------------------------------------------------------------------------- sentencing rules

def test_the_fraction_base_is_one_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    # Of the remainder: on 2015-06-01, 4,232 days of the 15 years remain (to 2027-01-01);
    # two thirds of them is 2,821 days (rounded down): 2015-06-01 + 2,821 days = 2023-02-20.
    monkeypatch.setattr(sentencing, "FRACTION_BASE", "remainder")
    t = build_timeline(profile(A), corpus=CORPUS, as_of=D(2016, 1, 1))
    assert t.fraction_base == "remainder" and t.steps[0].charges[0].after.end == D(2023, 2, 20)
    assert "remaining term on the decree's date" in timeline_text(t, CATALOGUE)


def test_add_term_counts_calendar_months_then_thirty_day_month_parts() -> None:
    assert add_term(D(2020, 1, 31), Fraction(1, 12)) == D(2020, 2, 29)         # a month: calendar
    assert add_term(D(2020, 1, 1), Fraction(1, 2) + Fraction(1, 36)) == D(2020, 7, 11)  # 6 months + 10 days
    assert add_term(D(2019, 6, 1), Fraction(20, 3)) == D(2026, 2, 1)          # 6 years 8 months


def test_a_cut_never_frees_anyone_before_the_decree() -> None:
    # 3 years from 2015-01-01 (ends 2018-01-01); on 2017-06-01 two thirds are remitted: 1 year would
    # end 2016-01-01, already past, so the person goes free on the decree's date.
    s = new_sentence("c", "simple-imprisonment", 3, D(2015, 1, 1), True)
    effect, after = cut(s, Fraction(2, 3), D(2017, 6, 1))
    assert effect == "cut" and after.term == 1 and after.end == D(2017, 6, 1)


def test_concurrence_prefers_a_penalty_without_end_and_names_ties() -> None:
    def s(cid: str, end: dt.date | None, custodial: bool = True) -> Sentence:
        return Sentence(cid, "x", None, D(2010, 1, 1), end, custodial)
    assert concurrent_release([s("a", D(2020, 1, 1)), s("b", None)]) == sentencing.Release(None, True, ("b",))
    assert concurrent_release([s("a", D(2020, 1, 1)), s("b", D(2020, 1, 1)), s("c", D(2019, 1, 1))]).charges == \
        ("a", "b")
    assert concurrent_release([s("f", D(2030, 1, 1), custodial=False), s("a", D(2020, 1, 1))]).day == D(2020, 1, 1)


# ------------------------------------------------------------------------- rendering and CLI

def test_json_cites_every_step_and_the_result() -> None:
    d = charge("d", "535", "2011-06-01", "temporary-hard-labour", "2012-01-01", 18, caused_death=True)
    out = timeline_json(build_timeline(profile(A, d), corpus=CORPUS), CATALOGUE)
    assert out["result"]["status"] == "released" and out["result"]["release_date"] == "2021-01-01"
    assert out["rules"]["fraction_base"] == "imposed_term" and out["rules"]["concurrence"] == "merger"
    for step in out["steps"]:
        for c in step["charges"]:
            assert c["citation"]["decree"] == step["decree"] and c["text"].startswith(c["charge"] + ":")
            assert c["explanation"]["key"] == "charge" and c["explanation"]["citation"]
    (decided,) = out["result"]["decided_by"]
    assert decided["charge"] == "d" and decided["last_change"]["label"] == "Art. 2"


def test_arabic_timeline_names_decrees_in_arabic_with_direction_marks() -> None:
    text = timeline_text(build_timeline(profile(A), corpus=CORPUS), CATALOGUE, "ar")
    assert "المرسوم \u2066901/2015\u2069" in text and "مشمولة بالعفو" in text and "الاعتقال المؤقت" in text
    assert "\u2066" + "2019-09-01" + "\u2069" in text
    assert all(line.lstrip(" -").startswith("\u200f") for line in text.splitlines() if line.strip())


def _write_profile(tmp_path: Path, charges: list[dict[str, Any]]) -> str:
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"id": "cli", "person": {"nationality": "syrian"}, "charges": charges}))
    return str(path)


def test_cli_timeline_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write_profile(tmp_path, [A])
    assert main(["timeline", path, "--format", "json", "--rules", str(FIXTURES), "--as-of", "2019-12-31"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["profile"] == "cli" and out["as_of"] == "2019-12-31"
    assert {"LD-901-2015", "LD-902-2017", "LD-903-2019"} <= set(out["decrees"])
    assert out["result"]["status"] in ("released", "still_held")


@pytest.mark.parametrize("args, needle", [
    (["--as-of", "1990-01-01"], "--as-of: expected a date on or after the first decree"),
    (["--as-of", "2022-02-30"], "--as-of: expected a real calendar date"),
])
def test_cli_bad_dates_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                              needle: str) -> None:
    assert main(["timeline", _write_profile(tmp_path, [A]), *args]) == 2
    err = capsys.readouterr().err
    assert needle in err and err.count("\n") == 1 and "Traceback" not in err


def test_cli_incomplete_sentence_exits_2_naming_the_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    c = {**A, "penalty": {"kind": "temporary-detention", "start": "2012-01-01"}}
    path = _write_profile(tmp_path, [c])
    assert main(["timeline", path]) == 2
    err = capsys.readouterr().err
    assert f"{path}: charges[0].penalty.years: expected the term in years of charge 'a'" in err


def test_the_example_sentence_cut_then_pardoned() -> None:
    # examples/sentence-cut-then-pardoned.yaml against the two shipped decrees it is about:
    # CT Law Art. 7(2), 14 years from 2016-06-01 (ends 2030-06-01).
    # LD-20-2019 Art. 4: one half off -> 7 years from 2016-06-01 -> 2023-06-01.
    # LD-7-2022 Art. 1: terrorist crime by a Syrian, no death: cleared on 2022-04-30.
    shipped = ROOT / "rules" / "decrees"
    two = [load_decree_file(shipped / f"{d}.yaml", CATALOGUE) for d in ("LD-20-2019", "LD-7-2022")]
    corpus = Corpus(CATALOGUE, {d.id: d for d in two})
    p = load_profile(read_data_file(ROOT / "examples" / "sentence-cut-then-pardoned.yaml"), CATALOGUE, "example")
    t = build_timeline(p, corpus=corpus)
    assert steps_of(t, "c1") == [("LD-20-2019", "cut", "Art. 4"), ("LD-7-2022", "cleared", "Art. 1")]
    assert t.steps[0].charges[0].after.end == D(2023, 6, 1)
    assert t.status == "released" and t.release.day == D(2022, 4, 30)
    early = build_timeline(p, corpus=corpus, as_of=D(2022, 1, 1))
    assert early.out_by_as_of is False and early.release.day == D(2023, 6, 1)
