"""Reading a case list lazily: CSV (one row per charge) or JSONL (one profile per line).

A case list can be larger than memory, so nothing here reads the whole file: rows are read one
at a time and a person's rows are gathered while they last. That is why **a profile's rows must
be consecutive**: the reader cannot look ahead through the rest of the file for more charges of
a person it has already handed on. A profile id that comes back after another profile's rows is
refused with both line numbers (it would otherwise be evaluated twice, each time on part of its
charges: a wrong answer). To catch that, the reader keeps each profile id it has finished (the
ids only, a few dozen bytes each).

Each profile comes out as an :class:`Entry`: the profile, or the error that kept it from loading,
with the raw lines so that ``--keep-going`` can write the bad ones to an errors file whole.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import IO, Iterator, Optional, Sequence, Union

import attrs

from amnestyrules.case.model import Profile
from amnestyrules.case.profiles import load_profile
from amnestyrules.errors import InputError
from amnestyrules.law.catalogue import Catalogue
from amnestyrules.loading import parse_text
from amnestyrules.population.rows import Header, Row, check_header, profile_from_rows

#: Input formats by file extension.
FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
#: A line longer than this is refused (a JSONL profile with the loader's 200 charges is ~60 KB).
MAX_LINE_BYTES = 256_000
#: One person with more rows than this is refused (the profile loader allows 200 charges).
MAX_ROWS_PER_PROFILE = 200


@attrs.frozen
class Entry:
    """One profile of a case list, or the error that kept it from loading."""

    line: int                                  # the profile's first line
    profile_id: str
    profile: Optional[Profile]
    error: Optional[InputError] = None
    #: the raw input: CSV rows (cells as read) or the JSONL line, for the errors file
    raw: tuple[Union[tuple[int, tuple[str, ...]], tuple[int, str]], ...] = ()


class Progress:
    """How far the reader has come through the file (bytes read out of the size, rows read)."""

    def __init__(self, total_bytes: Optional[int]) -> None:
        self.total_bytes = total_bytes
        self.bytes_read = 0
        self.rows = 0

    @property
    def fraction(self) -> Optional[float]:
        if not self.total_bytes:
            return None
        return min(self.bytes_read / self.total_bytes, 1.0)


def input_format(path: Union[str, os.PathLike[str]]) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise InputError(str(path), None, "a case list ending in .csv or .jsonl",
                         hint=f"got {suffix or 'no extension'}")
    return FORMATS[suffix]


class CaseList:
    """A case list file, read lazily profile by profile (iterate it once)."""

    def __init__(self, path: Union[str, os.PathLike[str]], catalogue: Catalogue) -> None:
        self.path = Path(path)
        self.name = str(path)
        self.format = input_format(path)
        self.catalogue = catalogue
        self.header: Optional[Header] = None
        self.columns: tuple[str, ...] = ()
        try:
            size = self.path.stat().st_size if self.path.is_file() else None
        except OSError:
            size = None
        self.progress = Progress(size)

    def __iter__(self) -> Iterator[Entry]:
        handle = _open(self.path, self.name)
        with handle:
            lines = self._lines(handle)
            yield from (self._csv(lines) if self.format == "csv" else self._jsonl(lines))

    # -- lines ---------------------------------------------------------------------------
    def _lines(self, handle: IO[bytes]) -> Iterator[str]:
        """Decoded lines, counting the bytes read; an undecodable line is refused by number."""
        number = 0
        while True:
            raw = handle.readline(MAX_LINE_BYTES + 1)   # bounded: a file without newlines is not read whole
            if not raw:
                return
            number += 1
            self.progress.bytes_read += len(raw)
            if len(raw) > MAX_LINE_BYTES:
                raise InputError(self.name, f"line {number}", f"a line of at most {MAX_LINE_BYTES} bytes",
                                 hint="the line is longer")
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(self.name, f"line {number}", "UTF-8 text",
                                 hint=f"byte {exc.start + 1} of the line is not UTF-8; save the file as UTF-8, "
                                      f"in a spreadsheet as 'CSV UTF-8'") from None
            if number == 1 and text.startswith("\ufeff"):   # a spreadsheet's byte-order mark
                text = text[1:]
            yield text

    # -- CSV ---------------------------------------------------------------------------
    def _records(self, lines: Iterator[str]) -> Iterator[tuple[int, list[str]]]:
        """The CSV records after the header, each with the line it starts on (a quoted cell may
        span lines); the header is checked first."""
        reader = csv.reader(lines, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            raise InputError(self.name, "line 1", "a header row naming the columns", hint="the file is empty") \
                from None
        except csv.Error as exc:
            raise InputError(self.name, "line 1", "a CSV header row", hint=str(exc)) from None
        self.header = check_header(header, self.name)
        self.columns = self.header.columns
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise InputError(self.name, f"line {start}", "well-formed CSV", hint=str(exc)) from None
            self.progress.rows += 1
            if any(c.strip() for c in cells):   # blank lines are skipped
                yield start, cells

    def _csv(self, lines: Iterator[str]) -> Iterator[Entry]:
        finished: dict[str, int] = {}          # profile id -> its first line
        group: list[tuple[int, Row]] = []
        raw: list[tuple[int, tuple[str, ...]]] = []
        broken: Optional[InputError] = None    # a row of the group that cannot be read at all
        for start, cells in self._records(lines):
            row = dict(zip(self.columns, cells))
            pid = row.get("profile_id", "").strip()
            if group and pid != group[0][1].get("profile_id", "").strip():
                yield self._entry(group, raw, broken)
                finished[group[0][1].get("profile_id", "").strip()] = group[0][0]
                group, raw, broken = [], [], None
            if not group and pid in finished:
                raise InputError(self.name, f"line {start}, column profile_id",
                                 f"the rows of one profile together: {pid!r} began on line {finished[pid]} and "
                                 f"another profile came between (sort the file by profile_id)", pid)
            group.append((start, row))
            raw.append((start, tuple(cells)))
            if len(cells) > len(self.columns) and broken is None:
                # The whole profile is set aside: evaluated without this row, it would lose a charge.
                broken = InputError(self.name, f"line {start}", f"at most {len(self.columns)} cells (the header's "
                                    f"columns)", got=f"{len(cells)} cells")
            if len(group) > MAX_ROWS_PER_PROFILE:
                raise InputError(self.name, f"line {start}, column profile_id",
                                 f"at most {MAX_ROWS_PER_PROFILE} rows (charges) for one profile", pid)
        if group:
            yield self._entry(group, raw, broken)

    def _entry(self, group: Sequence[tuple[int, Row]], raw: Sequence[tuple[int, tuple[str, ...]]],
               broken: Optional[InputError]) -> Entry:
        line = group[0][0]
        pid = group[0][1].get("profile_id", "").strip()
        assert self.header is not None
        try:
            if broken is not None:
                raise broken
            if not pid:
                raise InputError(self.name, f"line {line}, column profile_id", "a value (every row names its profile)")
            profile = profile_from_rows(group, self.header, self.catalogue, self.name)
        except InputError as exc:
            return Entry(line, pid, None, exc, tuple(raw))
        return Entry(line, pid, profile, None, tuple(raw))

    # -- JSONL ---------------------------------------------------------------------------
    def _jsonl(self, lines: Iterator[str]) -> Iterator[Entry]:
        seen: dict[str, int] = {}
        for number, text in enumerate(lines, start=1):
            self.progress.rows += 1
            if not text.strip():
                continue
            raw = ((number, text.rstrip("\r\n")),)
            try:
                data = parse_text(text, "line.json")
            except InputError as exc:
                yield Entry(number, "", None, InputError(self.name, f"line {number}", exc.expected, exc.got, exc.hint),
                            raw)
                continue
            pid = str(data.get("id", "")) if isinstance(data, dict) else ""
            if pid and pid in seen:     # two answers under one id could not be told apart
                yield Entry(number, pid, None, InputError(self.name, f"line {number}, id",
                                                          f"an id no other line has ({pid!r} is on line {seen[pid]})",
                                                          pid), raw)
                continue
            if pid:
                seen[pid] = number
            try:
                profile = load_profile(data, self.catalogue, self.name)
            except InputError as exc:
                where = f"line {number}, {exc.field}" if exc.field != "(top level)" else f"line {number}"
                yield Entry(number, pid, None, InputError(self.name, where, exc.expected, exc.got, exc.hint), raw)
                continue
            yield Entry(number, pid, profile, None, raw)


def _open(path: Path, name: str) -> IO[bytes]:
    try:
        if path.is_dir():
            raise InputError(name, None, "a file, not a directory")
        if path.exists() and not path.is_file() and not _is_stream(path):
            raise InputError(name, None, "a regular file", hint="not a regular file")
        return open(path, "rb")
    except FileNotFoundError:
        raise InputError(name, None, "an existing file", hint="no such file") from None
    except PermissionError:
        raise InputError(name, None, "a readable file", hint="permission denied") from None
    except OSError as exc:
        raise InputError(name, None, "a readable file", hint=exc.strerror or type(exc).__name__) from None


def _is_stream(path: Path) -> bool:
    """A named pipe is read as it comes (a case list piped from another program); a device is not."""
    import stat
    try:
        return stat.S_ISFIFO(path.stat().st_mode)
    except OSError:
        return False


def read_case_list(path: Union[str, os.PathLike[str]], catalogue: Catalogue) -> Iterator[Entry]:
    """The entries of a case list, read lazily (see :class:`CaseList` for the progress)."""
    return iter(CaseList(path, catalogue))

