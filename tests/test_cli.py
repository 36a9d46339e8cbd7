"""The command line: exit codes, one-line errors, the JSON envelope."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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
    assert main(["evaluate", EXAMPLE, "--decree", "LD-7-2022"]) == 0
    out = capsys.readouterr().out
    verdict = out.index("VERDICT: BLOCKED")
    assert verdict < out.index("charge c1") < out.index("charge c2")
    assert "[LD-7-2022 Art. 1]" in out


def test_unknown_decree_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", EXAMPLE, "--decree", "LD-7-2021"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "LD-7-2021" in err


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
