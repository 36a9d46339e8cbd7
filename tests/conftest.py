"""Hypothesis profiles for the property and hostile-input suites, and the hostile-input tally.

Profiles (choose with ``HYPOTHESIS_PROFILE=<name>`` or ``pytest --hypothesis-profile=<name>``):

* ``ci`` (default): a moderate number of examples per property and decree, no deadline (a
  decree with many unknowns is legitimately slower than another; timing belongs to the
  benchmark scripts, not to pass/fail), so the whole suite stays within a few minutes;
* ``dev``: a quick smoke run while editing;
* ``thorough``: a long hunt before a release, or after encoding a difficult decree;
* ``triage``: the ``ci`` examples without shrinking, to list every failing property fast (a
  failure's example is then large; re-run that test under ``ci`` to shrink it).

The hostile-input tests count every input they feed to a loader or to the CLI, by outcome;
the totals are printed at the end of the session ("hostile inputs tried: ..."), so the figure
can be quoted without re-running anything.
"""

from __future__ import annotations

import collections
import os
from typing import Iterator

import pytest
from hypothesis import HealthCheck, Phase, settings

settings.register_profile(
    "ci", max_examples=50, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("dev", parent=settings.get_profile("ci"), max_examples=10)
settings.register_profile("thorough", parent=settings.get_profile("ci"), max_examples=1000)
settings.register_profile("triage", parent=settings.get_profile("ci"),
                          phases=[Phase.explicit, Phase.reuse, Phase.generate])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


#: outcome -> count, for every hostile input tried in this session (see test_hostile_input.py).
HOSTILE_TALLY: collections.Counter[str] = collections.Counter()


@pytest.fixture(scope="session")
def hostile_tally() -> Iterator[collections.Counter[str]]:
    """The session-wide tally (session-scoped, so Hypothesis tests may use it)."""
    yield HOSTILE_TALLY


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not HOSTILE_TALLY:
        return
    counted = {k: v for k, v in HOSTILE_TALLY.items() if not k.startswith(("rejected-as:", "note:"))}
    total = sum(counted.values())
    parts = ", ".join(f"{k}: {v}" for k, v in sorted(counted.items()))
    terminalreporter.write_sep("-", "hostile input")
    terminalreporter.write_line(f"hostile inputs tried: {total}, none ended in another exception or a traceback"
                                f" unless a test failed above ({parts})")
    reasons = sorted(((k[len("rejected-as:"):], v) for k, v in HOSTILE_TALLY.items() if k.startswith("rejected-as:")),
                     key=lambda kv: -kv[1])
    if reasons:
        terminalreporter.write_line("most common refusals: " + "; ".join(f"{k} x{v}" for k, v in reasons[:8]))
    notes = {k[len("note: "):]: v for k, v in HOSTILE_TALLY.items() if k.startswith("note:")}
    if notes:
        terminalreporter.write_line("of which: " + ", ".join(f"{k}: {v}" for k, v in sorted(notes.items())))
