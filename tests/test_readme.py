"""The README's promises, run: every command it shows prints what it shows, every Python example
gives the values it shows, and the two set-up commands are the ones CI runs.

Conventions in README.md (so that a reader and this test read the same thing):

* a ```console block holds ``$ amnestyrules ...`` commands, each followed by its output; a line
  ``...`` stands for lines left out (the output shown is shortened there, and says so); a
  command whose expected exit status is not 0 ends with ``# exit N``;
* a ```pycon block is a doctest (``>>>`` lines and the values they print), run from the
  repository root;
* the two set-up commands are the ```sh blocks under "Quick start".
"""

from __future__ import annotations

import doctest
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _blocks(kind: str) -> list[str]:
    return [body for k, body in BLOCK.findall(README) if k == kind]


def _console_commands() -> list[tuple[str, list[str], int]]:
    """(command, expected output lines, expected exit status) for every ``$`` line."""
    out: list[tuple[str, list[str], int]] = []
    for body in _blocks("console"):
        for chunk in re.split(r"^(?=\$ )", body, flags=re.MULTILINE):
            if not chunk.startswith("$ "):
                continue
            first, *expected = chunk.rstrip("\n").split("\n")
            command, _, comment = first[2:].partition("  # ")
            status = int(comment.split()[1]) if comment.startswith("exit ") else 0
            out.append((command.strip(), expected, status))
    return out


def _matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line; ``...`` matches any run of lines (possibly none)."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(_matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and expected[0].rstrip() == actual[0].rstrip() and _matches(expected[1:], actual[1:])


COMMANDS = _console_commands()


def test_the_readme_shows_commands_and_examples() -> None:
    assert len(COMMANDS) >= 5 and _blocks("pycon"), "the README lost its examples"


@pytest.mark.parametrize("command,expected,status", COMMANDS, ids=[c for c, _, _ in COMMANDS])
def test_each_readme_command_prints_what_the_readme_shows(command: str, expected: list[str], status: int) -> None:
    argv = shlex.split(command)
    assert argv[0] == "amnestyrules", command
    run = subprocess.run([sys.executable, "-m", "amnestyrules", *argv[1:]], capture_output=True, text=True,
                         cwd=ROOT, env={**os.environ, "COLUMNS": "100"})
    actual = (run.stdout + run.stderr).rstrip("\n").split("\n")
    assert run.returncode == status, run.stdout + run.stderr
    assert _matches(expected, actual), "README shows:\n" + "\n".join(expected) + "\n\nthe command prints:\n" + \
        "\n".join(actual)


@pytest.mark.parametrize("index", range(len(_blocks("pycon"))))
def test_each_readme_python_example_gives_what_the_readme_shows(index: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    text = _blocks("pycon")[index]
    test = doctest.DocTestParser().get_doctest(text, {}, f"README.md pycon block {index + 1}", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.attempted > 0 and result.failed == 0, f"{result.failed} README example(s) failed (see above)"


def test_the_two_setup_commands_are_the_ones_ci_runs() -> None:
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    setup = [b.strip() for k, b in BLOCK.findall(quick) if k == "sh"]
    assert len(setup) == 2, setup
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for command in setup:
        assert command in ci, f"CI does not run the README's command: {command}"
