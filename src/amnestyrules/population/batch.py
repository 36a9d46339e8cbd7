"""A case list in, its answers out: every profile against the chosen decrees, streamed.

Profiles are read lazily (:mod:`.caselist`), evaluated by :func:`amnestyrules.evaluate_many` (in
input order, on one or more processes) and written as they come (:mod:`.results`), so memory stays
bounded whatever the file's size. A bad profile stops the run at its line unless ``keep_going``,
in which case it goes to the errors file and the rest goes on: no good profile is lost because
of a bad one, and no bad one is half-evaluated.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Callable, Iterator, Optional, Sequence, Union

import attrs

from amnestyrules.case.model import Profile
from amnestyrules.engine.batch import evaluate_many
from amnestyrules.law.corpus import Corpus
from amnestyrules.population.caselist import CaseList
from amnestyrules.population.results import ErrorWriter, ResultWriter, errors_path, output_format

PathLike = Union[str, os.PathLike[str]]


@attrs.frozen
class BatchReport:
    """What a run did: counts for the closing line, and where the files are."""

    profiles: int
    rows_read: int
    results: int
    bad_profiles: int
    notices: int
    output: Path
    errors: Optional[Path]


@attrs.define
class Tick:
    """Progress, handed to the ``progress`` callback after each profile is written."""

    profiles: int
    rows: int
    fraction: Optional[float]       # of the input's bytes read (None when the size is unknown)


def evaluate_case_list(source: PathLike, output: PathLike, corpus: Corpus, *,
                       decrees: Optional[Sequence[str]] = None, as_of: Optional[dt.date] = None, jobs: int = 1,
                       keep_going: bool = False, errors: Optional[PathLike] = None,
                       progress: Optional[Callable[[Tick], None]] = None) -> BatchReport:
    """Evaluate every profile of the case list ``source`` and write one row per profile and decree
    to ``output`` (CSV or JSONL by extension). Raises the first bad profile's
    :class:`~amnestyrules.errors.InputError` unless ``keep_going``."""
    output_format(output)                      # a wrong extension fails before any work
    cases = CaseList(source, corpus.catalogue)
    for d in decrees or ():
        corpus.decree(d)
    error_file = Path(errors) if errors is not None else errors_path(output, cases.format)
    bad = [0]
    notices = [0]
    error_writer: list[ErrorWriter] = []

    def good_profiles() -> Iterator[Profile]:
        for entry in cases:
            if entry.profile is not None:
                notices[0] += bool(entry.profile.warnings)
                yield entry.profile
                continue
            assert entry.error is not None
            if not keep_going:
                raise entry.error
            if not error_writer:
                error_writer.append(ErrorWriter(error_file, cases.format, cases.columns))
            error_writer[0].write(entry)
            bad[0] += 1

    written = 0
    try:
        with ResultWriter(output) as out:
            for outcomes in evaluate_many(good_profiles(), decrees, corpus=corpus, as_of=as_of, jobs=jobs):
                out.write(outcomes)
                written += 1
                if progress is not None:
                    progress(Tick(written, cases.progress.rows, cases.progress.fraction))
            results = out.rows
        for w in error_writer:
            w.commit()
    finally:
        for w in error_writer:
            w.discard()
    return BatchReport(written, cases.progress.rows, results, bad[0], notices[0], Path(output),
                       error_file if error_writer else None)
