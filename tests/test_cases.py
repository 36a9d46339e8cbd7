"""Lawyer-readable case files: the CLI runner and the pytest plugin."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from amnestyrules.cases import load_case_file
from amnestyrules.cli import main
from amnestyrules.corpus import load_corpus
from amnestyrules.errors import InputError

CASE = textwrap.dedent("""\
    cases:
      # Art. 1: CT-law charge pardoned
      - name: pardoned
        clause: Art. 1
        decree: LD-7-2022
        profile:
          id: p1
          person: {nationality: syrian}
          charges:
            - {id: c1, statute: counter-terrorism-law, article: "8", offence_date: 2019-01-01, stage: accused,
               facts: {caused_death: false}}
        expect: {outcome: OUTCOME, blocking: [], rulings: {c1: RULING}}
    """)


def _case_file(tmp_path: Path, outcome: str = "released", ruling: str = "pardoned", decree: str = "LD-7-2022") -> Path:
    path = tmp_path / "mine.cases.yaml"
    path.write_text(CASE.replace("OUTCOME", outcome).replace("RULING", ruling).replace("LD-7-2022", decree),
                    encoding="utf-8")
    return path


def test_passing_case_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(_case_file(tmp_path)), "--backend", "python"]) == 0
    assert "1 passed, 0 failed" in capsys.readouterr().out


def test_failing_case_prints_expected_actual_and_explanation(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(_case_file(tmp_path, "blocked", "excluded")), "--backend", "python"]) == 1
    out = capsys.readouterr().out
    assert "outcome: expected blocked, got released" in out
    assert "ruling of c1: expected excluded, got pardoned" in out
    assert "explanation:" in out and "[LD-7-2022 Art. 1]" in out
    assert "0 passed, 1 failed" in out


def test_unknown_decree_in_a_case_file_is_an_error_not_a_skip(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="did you mean 'LD-7-2022'"):
        load_case_file(_case_file(tmp_path, decree="LD-7-2023"), load_corpus())


def test_unknown_charge_in_expectations_is_an_error(tmp_path: Path) -> None:
    path = _case_file(tmp_path)
    path.write_text(path.read_text().replace("rulings: {c1:", "rulings: {c9:"), encoding="utf-8")
    with pytest.raises(InputError, match="charge id of the profile"):
        load_case_file(path, load_corpus())


def test_pytest_collects_case_files_anywhere(tmp_path: Path) -> None:
    _case_file(tmp_path)
    bad = tmp_path / "sub"
    bad.mkdir()
    _case_file(bad, "blocked")
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          "--amnestyrules-backend", "python", str(tmp_path)],
                         capture_output=True, text=True, cwd=tmp_path)
    assert "1 failed, 1 passed" in run.stdout, run.stdout + run.stderr
    assert "outcome: expected blocked, got released" in run.stdout
