"""pytest plugin: collects ``*.cases.yaml`` files anywhere in a project as test items.

Registered through the ``pytest11`` entry point, so installing amnestyrules is enough.
Options: ``--amnestyrules-rules DIR`` (extra rules directory, repeatable) and
``--amnestyrules-backend python|durable|both`` (default both).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator, Optional

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("amnestyrules")
    group.addoption("--amnestyrules-rules", action="append", default=[], metavar="DIR",
                    help="extra rules directory for *.cases.yaml files")
    group.addoption("--amnestyrules-backend", default="both", choices=("python", "durable", "both"),
                    help="backends each case runs through")


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> Optional[pytest.Collector]:
    if file_path.name.endswith(".cases.yaml"):
        return CaseFile.from_parent(parent, path=file_path)
    return None


_CORPORA: dict[tuple[str, ...], Any] = {}


def _corpus(config: pytest.Config) -> Any:
    from .corpus import load_corpus
    dirs = tuple(config.getoption("--amnestyrules-rules") or ())
    if dirs not in _CORPORA:
        _CORPORA[dirs] = load_corpus(list(dirs))
    return _CORPORA[dirs]


class CaseFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        from .cases import load_case_file
        from .errors import AmnestyRulesError
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
        from .cases import run_case
        option = self.config.getoption("--amnestyrules-backend")
        backends = ("python", "durable") if option == "both" else (option,)
        failures = run_case(self.case, _corpus(self.config), backends)
        if failures:
            raise CaseFailed(failures)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, CaseFailed):
            from .cases import format_failures
            return format_failures(self.case, excinfo.value.failures)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"case: {self.name}"


class CaseFailed(Exception):
    def __init__(self, failures: Any) -> None:
        super().__init__(f"{len(failures)} failure(s)")
        self.failures = failures
