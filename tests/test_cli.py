"""The command line: exit codes, one-line errors, the JSON envelope."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import amnestyrules
from amnestyrules.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = str(ROOT / "examples" / "terrorism-blocked-by-death.yaml")


def test_evaluate_json_envelope(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", EXAMPLE, "--decree", "LD-7-2022", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["profile"] == "terrorism-blocked-by-death"
    (result,) = out["results"]
    assert result["decree"] == "LD-7-2022" and result["outcome"] == "blocked" and result["blocking"] == ["c2"]
    assert {"deciding_facts", "conditions", "confidence", "charges"} <= set(result)
    c1, c2 = result["charges"]
    assert c1["ruling"] == "pardoned" and c1["provision"] == "Art. 1"
    assert c1["citation"]["decree"] == "LD-7-2022" and c1["citation"]["article"] == "1" and c1["citation"]["sources"]
    assert c2["ruling"] == "excluded"
    assert any("death" in r for r in c2["reasons"])


def test_evaluate_text_puts_the_verdict_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", EXAMPLE, "--decree", "LD-7-2022", "--as-of", "2023-01-01"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("Profile terrorism-blocked-by-death, judged as of 2023-01-01")
    row = next(line for line in out.splitlines() if line.strip().startswith("LD-7-2022  "))
    assert row.split()[1:3] == ["BLOCKED", "c2"]
    verdict = out.index("LD-7-2022 (2022-04-30): BLOCKED")
    assert out.index(row) < verdict < out.index("  c1: pardoned") < out.index("  c2: excluded")
    assert "[LD-7-2022 Art. 1]" in out


def test_evaluate_detail_prints_the_trees(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", EXAMPLE, "--decree", "LD-7-2022", "--detail"]) == 0
    out = capsys.readouterr().out
    verdict = out.index("VERDICT: BLOCKED")
    assert verdict < out.index("charge c1") < out.index("charge c2")
    assert "exclusion: the terrorist crime led to the death of a person  [LD-7-2022 Art. 1]" in out


def test_unknown_decree_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", EXAMPLE, "--decree", "LD-7-2021"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "LD-7-2021" in err
    assert "<command line>: --decree: expected a decree id" in err and "did you mean 'LD-7-2022'" in err


COMMANDS = ("evaluate", "decrees", "validate", "test", "explain", "compare", "timeline", "statutes", "facts", "serve", "batch", "simulate", "chart")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"amnestyrules {amnestyrules.__version__}"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_documents_its_options_an_example_and_its_exit_status(
        command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = capsys.readouterr().out
    assert "examples:\n  amnestyrules " + command in out
    assert "exit status: 0" in out
    options = re.findall(r"^  (-[-\w]+(?:, --[-\w]+)?)(.*)$", out, re.MULTILINE)
    assert options, out
    for option, rest in options:
        assert option.startswith("-h") or rest.strip(), f"{command} {option} has no help text"


def test_main_help_lists_every_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for code in ("0 success", "1 test cases failed", "2 bad input", "70 an internal error", "130 interrupted"):
        assert code in out


def test_python_dash_m_runs_the_cli() -> None:
    run = subprocess.run([sys.executable, "-m", "amnestyrules", "decrees", "--format", "json"],
                         capture_output=True, text=True)
    assert run.returncode == 0 and json.loads(run.stdout)[0]["id"] == "LD-34-2011", run.stderr


def test_validate_takes_a_directory(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(ROOT / "rules")]) == 0
    out = capsys.readouterr().out
    assert out.count("(decree rule file)") == len(list((ROOT / "rules" / "decrees").glob("*.yaml")))
    assert "(statute catalogue)" in out


def test_validate_refuses_an_empty_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path)]) == 2
    assert f"{tmp_path}: (top level): expected a directory holding rule files" in capsys.readouterr().err


def test_bad_profile_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nperson: {}\ncharges:\n  - {id: c1, statute: penal-code, article: '1', stage: x}\n")
    assert main(["evaluate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}: charges[0].stage: expected one of accused" in err


def test_bad_as_of_date_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", EXAMPLE, "--as-of", "2022-13-01"]) == 2
    assert "--as-of" in capsys.readouterr().err


def test_decrees_lists_in_issue_order(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["decrees", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    dates = [r["issued"] for r in rows]
    assert dates == sorted(dates) and "LD-7-2022" in [r["id"] for r in rows]
    assert {"id", "issued", "cutoff", "kind", "provisions", "confidence"} <= set(rows[0])


def test_validate_accepts_rule_files_and_profiles(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(ROOT / "rules" / "statutes.yaml"), str(ROOT / "rules" / "decrees" / "LD-7-2022.yaml"), EXAMPLE]
    assert main(["validate", *files]) == 0
    assert capsys.readouterr().out.count("ok  ") == 3


def test_validate_rejects_a_rule_file_typo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (ROOT / "rules" / "decrees" / "LD-7-2022.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "LD-7-2022.yaml"
    bad.write_text(text.replace("rule: before", "rule: befor"), encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    assert "cutoff.rule: expected one of before, on_or_before, got 'befor' (did you mean 'before'?)" in \
        capsys.readouterr().err
