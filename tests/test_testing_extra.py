"""amnestyrules.testing after a plain install (no Hypothesis): the case runner and the pytest
plugin work, and asking for a strategy names the extra that provides it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Run a snippet in a fresh interpreter where importing Hypothesis fails, as after
#: ``pip install amnestyrules`` without the ``testing`` extra.
NO_HYPOTHESIS = "import sys; sys.modules['hypothesis'] = None\n"


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", NO_HYPOTHESIS + code], capture_output=True, text=True, cwd=ROOT)


def test_cases_and_plugin_import_without_hypothesis() -> None:
    run = _run("import amnestyrules.testing.cases, amnestyrules.testing.pytest_plugin\n"
               "from amnestyrules.cli import main\n"
               "sys.exit(main(['validate', 'tests/cases/LD-7-2022.cases.yaml']))")
    assert run.returncode == 0, run.stderr
    assert "(case file)" in run.stdout


def test_a_strategy_without_hypothesis_names_the_extra() -> None:
    run = _run("import amnestyrules.testing as t\n"
               "try:\n    t.profiles\nexcept ImportError as exc:\n    print(exc)\n")
    assert run.returncode == 0, run.stderr
    assert "pip install 'amnestyrules[testing]'" in run.stdout


def test_with_hypothesis_the_strategies_are_there() -> None:
    import amnestyrules.testing as t
    for name in t.__all__:
        assert getattr(t, name) is not None, name
