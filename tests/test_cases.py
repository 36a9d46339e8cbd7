"""Lawyer-readable case files: the CLI runner and the pytest plugin."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from amnestyrules.errors import InputError
from amnestyrules.law.corpus import load_corpus
from amnestyrules.testing.cases import load_case_file
from support import failures_section

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


def _cli_test(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``amnestyrules test`` in a fresh process (it runs pytest, which must not nest in this one)."""
    return subprocess.run([sys.executable, "-m", "amnestyrules", "test", *args], capture_output=True, text=True,
                          cwd=cwd)


def test_passing_case_exits_0(tmp_path: Path) -> None:
    run = _cli_test(str(_case_file(tmp_path)), "--backend", "python", cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout


def test_failing_case_prints_expected_actual_and_explanation_once(tmp_path: Path) -> None:
    run = _cli_test(str(_case_file(tmp_path, "blocked", "excluded")), cwd=tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    out = run.stdout
    assert "outcome: expected blocked, got released" in out
    assert "ruling of c1: expected excluded, got pardoned" in out
    assert "explanation:" in out and "[LD-7-2022 Art. 1]" in out
    # The three engines fail the same way: named together, the explanation printed once.
    assert "[compiled, python and durable backends]" in out and failures_section(out).count("explanation:") == 1
    assert "1 failed" in out


def test_no_case_file_is_pytests_no_tests_exit_5(tmp_path: Path) -> None:
    run = _cli_test(str(tmp_path), cwd=tmp_path)
    assert run.returncode == 5, run.stdout + run.stderr


def test_keyword_selects_cases_like_pytest(tmp_path: Path) -> None:
    run = _cli_test(str(_case_file(tmp_path)), "--backend", "python", "-k", "no-such-case", cwd=tmp_path)
    assert run.returncode == 5 and "1 deselected" in run.stdout, run.stdout


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


def test_the_plugin_collects_nothing_where_it_was_not_asked(tmp_path: Path) -> None:
    """Installing amnestyrules must not change another project's test run: a *.cases.yaml file in a
    project that neither configures amnestyrules_cases nor names the file is not collected."""
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    _case_file(tmp_path, "blocked")
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], capture_output=True,
                         text=True, cwd=tmp_path)
    assert run.returncode == 5 and "no tests ran" in run.stdout, run.stdout + run.stderr
    (tmp_path / "pytest.ini").write_text("[pytest]\namnestyrules_cases = .\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          "--amnestyrules-backend", "python"], capture_output=True, text=True, cwd=tmp_path)
    assert "1 failed" in run.stdout, run.stdout + run.stderr
