"""pytest plugin: collects lawyer-readable ``*.cases.yaml`` files as test items.

Registered through the ``pytest11`` entry point, so installing amnestyrules is enough; but it
collects only where asked, so that installing the library never changes another project's test
run: a ``*.cases.yaml`` file is collected when it lies under a directory listed in the ini
option ``amnestyrules_cases`` (paths relative to the rootdir), or under a path given on the
pytest command line (``pytest my-cases/``, or ``amnestyrules test my-cases/``).

Options: ``--amnestyrules-rules DIR`` (extra rules directory, repeatable),
``--amnestyrules-backend compiled|python|durable|both|all`` (default all) and ``--amnestyrules-budget
LEAVES``: one work budget (engine/budget.py) for the whole session, so that a case file of
thousands of cases cannot run for minutes. A case the budget cannot cover in full fails with
"not run in full within the work budget", never with a verdict the law did not give.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator, Optional, Union

import pytest
from _pytest._code.code import TerminalRepr

from amnestyrules.testing.engines import ENGINE_CHOICES, ENGINES


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("amnestyrules")
    group.addoption("--amnestyrules-rules", action="append", default=[], metavar="DIR",
                    help="extra rules directory for *.cases.yaml files")
    group.addoption("--amnestyrules-backend", default="all", choices=ENGINE_CHOICES,
                    help="the engines each case runs through (all: compiled, python and durable; both: python "
                         "and durable)")
    group.addoption("--amnestyrules-budget", default=None, metavar="LEAVES",
                    help="the work the whole session may do (default: the engine's per-request allowance, "
                         "once per case)")
    parser.addini("amnestyrules_cases", type="paths", default=[],
                  help="directories whose *.cases.yaml files are collected (relative to the ini file)")




def _asked_for(config: pytest.Config, file_path: Path) -> bool:
    """Under a configured directory, or under a path named on the command line."""
    roots = [Path(p) for p in config.getini("amnestyrules_cases")]
    invocation = config.invocation_params
    roots += [(invocation.dir / a.split("::")[0]).resolve() for a in invocation.args if not a.startswith("-")]
    target = file_path.resolve()
    return any(target == root or root in target.parents for root in roots)


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> Optional[pytest.Collector]:
    if file_path.name.endswith(".cases.yaml") and _asked_for(parent.config, file_path):
        return CaseFile.from_parent(parent, path=file_path)
    return None


_CORPORA: dict[tuple[str, ...], Any] = {}


def _corpus(config: pytest.Config) -> Any:
    from amnestyrules.law.corpus import load_corpus
    dirs = tuple(config.getoption("--amnestyrules-rules") or ())
    if dirs not in _CORPORA:
        _CORPORA[dirs] = load_corpus(list(dirs))
    return _CORPORA[dirs]


class CaseFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        from amnestyrules.errors import AmnestyRulesError
        from amnestyrules.testing.cases import load_case_file
        try:
            cases = load_case_file(self.path, _corpus(self.config))
        except AmnestyRulesError as exc:
            raise CaseFileError(str(exc)) from None
        for case in cases:
            yield CaseItem.from_parent(self, name=case.name, case=case)


class CaseFileError(Exception):
    """A case file that cannot be read: a collection error, never a skip."""


class CaseItem(pytest.Item):
    def __init__(self, *, case: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        from amnestyrules.testing.cases import run_case
        backends = ENGINES[self.config.getoption("--amnestyrules-backend")]
        budget = _budget(self.config)
        starved = len(budget.starved) if budget is not None else 0
        if budget is not None and budget.exhausted:
            raise CaseNotRun(budget.leaves)
        failures = run_case(self.case, _corpus(self.config), backends, budget)
        if budget is not None and len(budget.starved) > starved:
            raise CaseNotRun(budget.leaves)
        if failures:
            raise CaseFailed(failures)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Union[str, TerminalRepr]:
        if isinstance(excinfo.value, CaseFailed):
            from amnestyrules.testing.cases import format_failures
            return format_failures(self.case, excinfo.value.failures)
        if isinstance(excinfo.value, CaseNotRun):
            return (f"case {self.case.name!r} not run in full within the work budget of {excinfo.value.leaves} "
                    "leaves (the session's --amnestyrules-budget): no verdict is claimed; raise the budget")
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"case: {self.name}"


def _budget(config: pytest.Config) -> Any:
    """The session's one budget under --amnestyrules-budget (None: each case gets the default)."""
    text = config.getoption("--amnestyrules-budget")
    if text is None:
        return None
    if not hasattr(config, "_amnestyrules_budget"):
        from amnestyrules.engine.budget import Budget
        from amnestyrules.loading import Node
        leaves = Node(text, "<command line>", "--amnestyrules-budget").int(minimum=1)
        assert leaves is not None   # required: int() refuses a missing value
        config._amnestyrules_budget = Budget(leaves=leaves)  # type: ignore[attr-defined]
    return config._amnestyrules_budget  # type: ignore[attr-defined]


class CaseNotRun(Exception):
    def __init__(self, leaves: int) -> None:
        super().__init__(f"not run in full within the work budget of {leaves} leaves")
        self.leaves = leaves


class CaseFailed(Exception):
    def __init__(self, failures: Any) -> None:
        super().__init__(f"{len(failures)} failure(s)")
        self.failures = failures
