"""Case lists in and out (issue 11 item 1): CSV rows <-> profiles, `amnestyrules batch`, bad rows."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import attrs
import pytest

import amnestyrules as ar
from amnestyrules.cli import main
from amnestyrules.cli.progress import ProgressLine
from amnestyrules.loading import read_data_file
from amnestyrules.population.caselist import CaseList
from amnestyrules.population.rows import COLUMNS, FACT_PREFIX, profile_rows

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ar.load_corpus()
CASE_LIST = ROOT / "examples" / "case-list.csv"
YAML = {p.stem: ar.load_profile_file(p, CORPUS.catalogue) for p in sorted((ROOT / "examples").glob("*.yaml"))}
AS_OF = "2022-05-01"


@pytest.fixture(autouse=True)
def _corpus_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command reads the shipped rules once per test session, not once per call (a second)."""
    import amnestyrules.cli.batch
    monkeypatch.setattr(amnestyrules.cli.batch, "corpus_of", lambda args: CORPUS)


def _same(p: ar.Profile) -> ar.Profile:
    return attrs.evolve(p, source=None)


def _write(path: Path, rows: list[dict[str, str]], columns: list[str]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, columns, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return path


def _rows(*names: str) -> tuple[list[dict[str, str]], list[str]]:
    rows = [r for n in names for r in profile_rows(YAML[n], ["caused_death", "armed"])]
    return rows, list(COLUMNS) + [FACT_PREFIX + "caused_death", FACT_PREFIX + "armed"]


def _error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    return err[0]


# ------------------------------------------------------------------------- rows <-> profiles

def test_the_shipped_case_list_holds_the_example_profiles() -> None:
    entries = list(CaseList(CASE_LIST, CORPUS.catalogue))
    assert [e.error for e in entries] == [None] * len(YAML)
    got = {e.profile_id: _same(e.profile) for e in entries if e.profile is not None}
    assert got == {name: _same(p) for name, p in YAML.items()}


def test_a_profile_survives_rows_and_back(tmp_path: Path) -> None:
    rows, columns = _rows("stacked-terrorism-and-weapons", "held-without-charge", "terrorism-death-unknown")
    entries = list(CaseList(_write(tmp_path / "c.csv", rows, columns), CORPUS.catalogue))
    assert [e.line for e in entries] == [2, 4, 5]          # a profile starts where its first row is
    for e in entries:
        assert e.profile is not None and _same(e.profile) == _same(YAML[e.profile_id])


def test_a_person_with_no_charge_is_one_row_with_empty_charge_columns() -> None:
    (row,) = profile_rows(YAML["civil-claim"])
    assert row["civil_claim"] == "true" and row["charge_id"] == row["statute"] == ""


# ------------------------------------------------------------------------- batch: the answers

@pytest.mark.parametrize("suffix", ["csv", "jsonl"])
def test_batch_gives_evaluate_all_s_answers_one_row_per_profile_and_decree(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"results.{suffix}"
    assert main(["batch", str(CASE_LIST), "--out", str(out), "--as-of", AS_OF,
                 "--decree", "LD-7-2022", "--decree", "LD-3-2022"]) == 0
    if suffix == "csv":
        with out.open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        assert list(rows[0]) == ["profile_id", "decree", "outcome", "blocking", "deciding_facts", "conditions",
                                 "confidence"]
    else:
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 2 * len(YAML)
    as_of = dt.date.fromisoformat(AS_OF)
    for row in rows:
        (want,) = ar.evaluate_all(YAML[row["profile_id"]], [row["decree"]], corpus=CORPUS, as_of=as_of)
        assert row["outcome"] == want.outcome
        blocking = row["blocking"].split() if suffix == "csv" else row["blocking"]
        assert blocking == list(want.blocking)
    by = {(r["profile_id"], r["decree"]): r for r in rows}
    if suffix == "csv":
        assert by[("terrorism-death-unknown", "LD-7-2022")]["deciding_facts"] == "c1.caused_death"
        # LD-3-2022 Art. 1(c): a fugitive abroad is pardoned if he surrenders within four months of 25-1-2022
        assert by[("deserter-abroad", "LD-3-2022")]["outcome"] == "released_if"
        assert by[("deserter-abroad", "LD-3-2022")]["conditions"].endswith(":2022-05-25")
    else:
        assert by[("terrorism-death-unknown", "LD-7-2022")]["deciding_facts"] == [{"charge": "c1",
                                                                                    "fact": "caused_death"}]
        assert by[("deserter-abroad", "LD-3-2022")]["conditions"][0]["by"] == "2022-05-25"


def test_jsonl_in_gives_the_same_answers_as_csv_in(tmp_path: Path) -> None:
    source = tmp_path / "cases.jsonl"
    source.write_text("".join(json.dumps(read_data_file(ROOT / "examples" / f"{name}.yaml")) + "\n" for name in YAML),
                      encoding="utf-8")
    assert main(["batch", str(source), "--out", str(tmp_path / "a.csv"), "--as-of", AS_OF]) == 0
    assert main(["batch", str(CASE_LIST), "--out", str(tmp_path / "b.csv"), "--as-of", AS_OF]) == 0
    a, b = ((tmp_path / n).read_text(encoding="utf-8").splitlines() for n in ("a.csv", "b.csv"))
    # Every decree issued by the day of the question (the later ones are left out: they did not exist).
    decrees = CORPUS.issued_by(dt.date.fromisoformat(AS_OF))
    assert len(a) == 1 + len(YAML) * len(decrees) and sorted(a) == sorted(b)


# ------------------------------------------------------------------------- bad input

def test_a_missing_column_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows, columns = _rows("terrorism-freed")
    columns.remove("statute")
    path = _write(tmp_path / "c.csv", [{k: v for k, v in r.items() if k != "statute"} for r in rows], columns)
    assert main(["batch", str(path), "--out", str(tmp_path / "o.csv")]) == 2
    assert _error(capsys) == f"amnestyrules: error: {path}: line 1: expected a column named statute (the header lacks it)"


def test_a_misspelt_fact_column_is_refused_not_read_as_unknown(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.csv"
    path.write_text("profile_id,charge_id,statute,article,stage,fact_caused_deaht\n", encoding="utf-8")
    assert main(["batch", str(path), "--out", str(tmp_path / "o.csv")]) == 2
    err = _error(capsys)
    assert "line 1, column 6: expected fact_ followed by a known charge fact, got 'fact_caused_deaht'" in err
    assert "did you mean 'caused_death'?" in err


def test_a_bad_value_names_line_column_and_the_loader_s_expectation(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    rows, columns = _rows("terrorism-freed", "stacked-terrorism-and-weapons")
    rows[2]["statute"] = "penal-cod"                      # line 4: the second charge of the second profile
    path = _write(tmp_path / "c.csv", rows, columns)
    assert main(["batch", str(path), "--out", str(tmp_path / "o.csv")]) == 2
    err = _error(capsys)
    assert err.startswith(f"amnestyrules: error: {path}: line 4, column statute: ")
    # the same words as the YAML profile loader's (one home for validation)
    with pytest.raises(ar.InputError) as yaml_error:
        ar.load_profile({"id": "x", "person": {}, "charges": [{"id": "c1", "statute": "penal-cod", "article": "1",
                                                                "stage": "accused"}]}, CORPUS.catalogue)
    assert err.endswith(yaml_error.value.message.split(": ", 2)[2])
    assert not (tmp_path / "o.csv").exists(), "a stopped run leaves no output that looks complete"


@pytest.mark.parametrize(("column", "value", "expected"), [
    ("fact_caused_death", "maybe", "expected true, false or unknown, got 'maybe'"),
    ("offence_date", "2019-02-30", "expected a real calendar date YYYY-MM-DD, got '2019-02-30'"),
    ("held_without_charge", "yes", "expected true or false, got 'yes'"),
    ("penalty_years", "ten", "expected a number, got 'ten'"),
])
def test_each_bad_cell_is_reported_at_its_column(tmp_path: Path, capsys: pytest.CaptureFixture[str], column: str,
                                                  value: str, expected: str) -> None:
    rows, columns = _rows("terrorism-freed")
    rows[0][column] = value
    path = _write(tmp_path / "c.csv", rows, columns)
    assert main(["batch", str(path), "--out", str(tmp_path / "o.csv")]) == 2
    err = _error(capsys)
    assert f"line 2, column {column}: {expected}" in err


def test_a_person_s_columns_must_agree_across_their_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows, columns = _rows("stacked-terrorism-and-weapons")
    rows[1]["born"] = "1977-01-01"
    path = _write(tmp_path / "c.csv", rows, columns)
    assert main(["batch", str(path), "--out", str(tmp_path / "o.csv")]) == 2
    assert "line 3, column born: expected the same value as on line 2 ('1988-02-14')" in _error(capsys)


def test_a_profile_split_across_the_file_is_refused_even_with_keep_going(tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    rows, columns = _rows("stacked-terrorism-and-weapons", "terrorism-freed")
    rows = [rows[0], rows[2], rows[1]]                    # c2 of the first profile after the second profile
    path = _write(tmp_path / "c.csv", rows, columns)
    out = tmp_path / "o.csv"
    assert main(["batch", str(path), "--out", str(out), "--keep-going"]) == 2
    err = _error(capsys)
    assert "line 4, column profile_id: expected the rows of one profile together: 'stacked-terrorism-and-weapons' " \
           "began on line 2" in err
    assert not out.exists() and not list(tmp_path.glob("o.errors*")), "its first rows' answer would be wrong"


def test_keep_going_sets_bad_profiles_aside_and_loses_no_good_one(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    rows, columns = _rows("terrorism-freed", "stacked-terrorism-and-weapons", "civil-claim", "deserter-abroad")
    rows[2]["fact_armed"] = "sometimes"                   # line 4: the second charge of the stacked profile
    rows[4]["stage"] = "sentenced"                         # line 6: deserter-abroad
    path = _write(tmp_path / "c.csv", rows, columns)
    out = tmp_path / "o.csv"
    assert main(["batch", str(path), "--out", str(out), "--decree", "LD-7-2022", "--keep-going"]) == 1
    assert "2 bad profiles set aside in" in capsys.readouterr().err
    with out.open(encoding="utf-8") as f:
        assert [r["profile_id"] for r in csv.DictReader(f)] == ["terrorism-freed", "civil-claim"]
    with (tmp_path / "o.errors.csv").open(encoding="utf-8") as f:
        errors = list(csv.DictReader(f))
    assert [(e["line"], e["column"], e["profile_id"]) for e in errors] == [
        ("3", "", "stacked-terrorism-and-weapons"), ("4", "fact_armed", "stacked-terrorism-and-weapons"),
        ("6", "stage", "deserter-abroad")]
    assert errors[0]["error"] == "not evaluated: line 4 of the same profile is bad"
    assert errors[1]["error"] == "expected true, false or unknown, got 'sometimes'"
    assert errors[2]["error"].startswith("expected one of accused, convicted, convicted_in_absentia, got 'sentenced'")
    assert errors[1]["fact_armed"] == "sometimes", "the bad row is kept whole, to be fixed and run again"


def test_a_bad_jsonl_line_is_named_by_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "cases.jsonl"
    source.write_text('{"id": "a", "person": {}, "detention": {"civil_claim": true}}\n{"id": "b", \n',
                      encoding="utf-8")
    assert main(["batch", str(source), "--out", str(tmp_path / "o.jsonl"), "--decree", "LD-7-2022"]) == 2
    assert f"{source}: line 2: expected valid JSON" in _error(capsys)
    assert main(["batch", str(source), "--out", str(tmp_path / "o.jsonl"), "--decree", "LD-7-2022",
                 "--keep-going"]) == 1
    (bad,) = [json.loads(x) for x in (tmp_path / "o.errors.jsonl").read_text().splitlines()]
    assert bad["line"] == 2 and bad["record"] == '{"id": "b", ' and "valid JSON" in bad["error"]
    (good,) = [json.loads(x) for x in (tmp_path / "o.jsonl").read_text().splitlines() if '"LD-7-2022"' in x]
    assert good["profile_id"] == "a" and good["outcome"] == "out_of_reach"


def test_an_output_of_unknown_kind_is_refused_before_any_work(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", str(CASE_LIST), "--out", str(tmp_path / "o.xlsx")]) == 2
    assert "--out: expected an output file ending in .csv or .jsonl" in _error(capsys)


# ------------------------------------------------------------------------- streaming and progress

def test_the_reader_hands_on_each_profile_before_reading_the_rest(tmp_path: Path) -> None:
    rows, columns = _rows("terrorism-freed")
    many = [dict(rows[0], profile_id=f"p{i:05d}") for i in range(3000)]
    cases = CaseList(_write(tmp_path / "big.csv", many, columns), CORPUS.catalogue)
    first = next(iter(cases))
    assert first.profile_id == "p00000" and first.profile is not None
    assert cases.progress.rows <= 2 and cases.progress.fraction is not None and cases.progress.fraction < 0.01


def test_progress_shows_rate_share_and_time_left_on_a_terminal_only() -> None:
    line = ProgressLine(total=None)
    assert line.line(500, 1000, 0.25, 10.0) == "500 profiles (1,000 rows), 100 rows/s, 25%, 0:00:30 left"

    class NotATerminal:
        written: list[str] = []

        def isatty(self) -> bool:
            return False

        def write(self, s: str) -> None:
            self.written.append(s)

        def flush(self) -> None:
            pass

    quiet = ProgressLine(stream=NotATerminal())  # type: ignore[arg-type]
    quiet.update(10, 20, 0.5, force=True)
    quiet.close()
    assert NotATerminal.written == []


def test_the_readme_s_batch_example_is_what_batch_writes(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"^amnestyrules (batch examples/case-list\.csv .*)$", readme, re.M)
    assert command is not None
    args = command.group(1).replace("results.csv", str(tmp_path / "results.csv")).split()
    assert main(args) == 0
    written = (tmp_path / "results.csv").read_text(encoding="utf-8").splitlines()
    shown = readme[readme.index("profile_id,decree,outcome"):].split("```")[0].splitlines()
    assert [line for line in shown if line and line != "..."] and all(
        line in written for line in shown if line and line != "...")


def test_a_row_with_too_many_cells_sets_its_whole_profile_aside(tmp_path: Path) -> None:
    rows, columns = _rows("stacked-terrorism-and-weapons", "terrorism-freed")
    path = _write(tmp_path / "c.csv", rows, columns)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] += ",extra"                                  # line 3: the stacked profile's second charge
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    entries = list(CaseList(path, CORPUS.catalogue))
    assert [(e.profile_id, e.profile is None) for e in entries] == [("stacked-terrorism-and-weapons", True),
                                                                    ("terrorism-freed", False)]
    assert entries[0].error is not None and entries[0].error.field == "line 3"
    assert "at most 20 cells" in entries[0].error.message and [line for line, _ in entries[0].raw] == [2, 3]


def test_two_jsonl_lines_with_one_id_keep_the_first(tmp_path: Path) -> None:
    source = tmp_path / "cases.jsonl"
    line = '{"id": "a", "person": {}, "detention": {"civil_claim": true}}\n'
    source.write_text(line + line, encoding="utf-8")
    entries = list(CaseList(source, CORPUS.catalogue))
    assert entries[0].profile is not None and entries[1].profile is None
    assert entries[1].error is not None and "an id no other line has ('a' is on line 1)" in entries[1].error.message
