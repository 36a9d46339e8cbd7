"""Writing a case list's answers (one row per profile and decree) and its bad rows.

Output files are written whole or not at all: rows go to a temporary file beside the target,
which is renamed onto it only when the run ends without error. A run stopped by a bad row (or
by a profile whose rows are split) therefore never leaves a file that looks complete but is not.

Row format (CSV; JSONL carries the same keys with lists as JSON lists and objects):

``profile_id, decree, outcome, blocking, deciding_facts, conditions, confidence``

In CSV, lists are space-separated: ``blocking`` charge ids (``c1 c2``), ``deciding_facts`` as
``charge.fact`` (``c1.caused_death``; a fact about the person has no charge part), ``conditions``
as ``charge:condition:date`` (``c1:surrender:2022-05-25``; no date part when the decree sets none).
"""

from __future__ import annotations

import csv
import json
import os
import re
import tempfile
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Optional, Self, Sequence, Union

from amnestyrules.engine.answers import Outcome
from amnestyrules.errors import InputError
from amnestyrules.population.caselist import Entry

RESULT_COLUMNS = ("profile_id", "decree", "outcome", "blocking", "deciding_facts", "conditions", "confidence")
OUTPUT_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
_WHERE = re.compile(r"^line (\d+)(?:, (?:column )?(.*))?$")


def output_format(path: Union[str, os.PathLike[str]]) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in OUTPUT_FORMATS:
        raise InputError("<command line>", "--out", "an output file ending in .csv or .jsonl", str(path))
    return OUTPUT_FORMATS[suffix]


def result_record(outcome: Outcome) -> dict[str, Any]:
    """One profile and decree as a JSON-ready record."""
    return {"profile_id": outcome.profile, "decree": outcome.decree, "outcome": outcome.outcome,
            "blocking": list(outcome.blocking),
            "deciding_facts": [f.to_json() for f in outcome.deciding_facts],
            "conditions": [c.to_json() for c in outcome.conditions],
            "confidence": outcome.confidence}


def result_row(outcome: Outcome) -> dict[str, str]:
    """One profile and decree as CSV cells (lists space-separated)."""
    facts = [f"{f.charge}.{f.fact}" if f.charge else f.fact for f in outcome.deciding_facts]
    conditions = [":".join([c.charge, c.kind] + ([c.by.isoformat()] if c.by else [])) for c in outcome.conditions]
    return {"profile_id": outcome.profile, "decree": outcome.decree, "outcome": outcome.outcome,
            "blocking": " ".join(outcome.blocking), "deciding_facts": " ".join(facts),
            "conditions": " ".join(conditions), "confidence": outcome.confidence}


class _AtomicFile:
    """A text file written beside its target and renamed onto it on :meth:`commit`."""

    def __init__(self, path: Union[str, os.PathLike[str]]) -> None:
        self.path = Path(path)
        directory = self.path.parent
        if not directory.is_dir():
            raise InputError(str(path), None, "a file in an existing directory", hint=f"no directory {directory}")
        fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".partial", dir=directory)
        self.handle: IO[str] = os.fdopen(fd, "w", encoding="utf-8", newline="")
        self.committed = False

    def commit(self) -> None:
        self.handle.close()
        os.replace(self._tmp, self.path)
        self.committed = True

    def discard(self) -> None:
        if not self.committed:
            self.handle.close()
            try:
                os.unlink(self._tmp)
            except FileNotFoundError:
                pass

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: Optional[type[BaseException]], exc: Optional[BaseException],
                 tb: Optional[TracebackType]) -> None:
        if kind is None and not self.committed:
            self.commit()
        else:
            self.discard()


class ResultWriter(_AtomicFile):
    """Answers, one row per profile and decree, in CSV or JSONL by the file's extension."""

    def __init__(self, path: Union[str, os.PathLike[str]]) -> None:
        self.format = output_format(path)
        super().__init__(path)
        self.rows = 0
        self._csv: Optional[csv.DictWriter[str]] = None
        if self.format == "csv":
            self._csv = csv.DictWriter(self.handle, RESULT_COLUMNS, lineterminator="\n")
            self._csv.writeheader()

    def write(self, outcomes: Sequence[Outcome]) -> None:
        for o in outcomes:
            if self._csv is not None:
                self._csv.writerow(result_row(o))
            else:
                self.handle.write(json.dumps(result_record(o), ensure_ascii=False) + "\n")
            self.rows += 1


class ErrorWriter(_AtomicFile):
    """The rows a run set aside (``--keep-going``), in the input's own format so they can be fixed
    and run again: for CSV the input's columns after ``line, column, error``; for JSONL one object
    per bad line with ``line, field, error, record``. Every row of a bad profile is written (one
    charge row cannot be evaluated without the others), the others pointing at the bad one."""

    def __init__(self, path: Union[str, os.PathLike[str]], input_format: str, columns: Sequence[str]) -> None:
        super().__init__(path)
        self.format = input_format
        self.columns = tuple(columns)
        self.profiles = 0
        self._csv: Optional[Any] = None

    def write(self, entry: Entry) -> None:
        assert entry.error is not None
        self.profiles += 1
        err = entry.error
        m = _WHERE.match(err.field)
        bad_line = int(m.group(1)) if m else entry.line
        column = (m.group(2) or "") if m else err.field
        text = err.message[len(f"{err.file}: {err.field}: "):] if err.message.startswith(f"{err.file}: ") \
            else err.message
        for line, raw in entry.raw:
            if line == bad_line or len(entry.raw) == 1:
                where, message = column, text
            else:
                where, message = "", f"not evaluated: line {bad_line} of the same profile is bad"
            if self.format == "jsonl":
                self.handle.write(json.dumps({"line": line, "field": where, "error": message, "record": raw},
                                             ensure_ascii=False) + "\n")
                continue
            if self._csv is None:
                self._csv = csv.writer(self.handle, lineterminator="\n")
                self._csv.writerow(("line", "column", "error") + self.columns)
            self._csv.writerow((line, where, message) + tuple(raw))


def errors_path(output: Union[str, os.PathLike[str]], input_format: str) -> Path:
    """Where ``--keep-going`` writes the bad rows by default: beside the output, named after it."""
    out = Path(output)
    return out.with_name(out.stem + ".errors." + ("csv" if input_format == "csv" else "jsonl"))
