"""The corpus: the statute catalogue and every decree, from the shipped rules and the user's.

Shipped rule files live in the package (``amnestyrules/rules``, built from the repository's
top-level ``rules/``). A user may add a rules directory: its ``statutes.yaml`` (if any)
replaces the catalogue, and each ``decrees/<ID>.yaml`` (or ``<ID>.yaml`` directly in the
directory) adds a decree or overrides the shipped one with the same id.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence

import attrs

from amnestyrules.errors import InputError, did_you_mean
from amnestyrules.law.catalogue import Catalogue, load_catalogue
from amnestyrules.law.model import Decree
from amnestyrules.loading import Node, read_data_file


def shipped_rules_dir() -> Path:
    """Where the rule files that ship with the package are."""
    path = Path(__file__).resolve().parents[1] / "rules"   # the package's own directory
    if path.is_dir():
        return path
    from importlib import resources
    path = Path(str(resources.files("amnestyrules").joinpath("rules")))
    if path.is_dir():
        return path
    # Running from a source checkout without installing: fall back to the repository's rules/.
    return Path(__file__).resolve().parents[3] / "rules"


@attrs.frozen
class Corpus:
    catalogue: Catalogue
    decrees: dict[str, Decree]

    def decree(self, decree_id: str) -> Decree:
        try:
            return self.decrees[decree_id]
        except KeyError:
            raise InputError(None, "decree", "a decree id of the corpus", decree_id,
                             did_you_mean(decree_id, self.decrees) or
                             f"known: {', '.join(self.ids())}") from None

    def ids(self) -> list[str]:
        """Decree ids in issue order."""
        return [d.id for d in self.in_issue_order()]

    def in_issue_order(self) -> list[Decree]:
        return sorted(self.decrees.values(), key=lambda d: (d.issued, d.number))

    def issued_by(self, day: dt.date) -> list[Decree]:
        """The decrees that existed on ``day`` (issued on or before it), in issue order: what a
        question asked on that day can be answered under. A later decree is a hypothetical."""
        return [d for d in self.in_issue_order() if d.issued <= day]

    def issued_after(self, day: dt.date) -> list[Decree]:
        """The decrees that did not yet exist on ``day``, in issue order (the rest of :meth:`issued_by`)."""
        return [d for d in self.in_issue_order() if d.issued > day]

    def __iter__(self) -> Iterator[Decree]:
        return iter(self.in_issue_order())

    def __len__(self) -> int:
        return len(self.decrees)


def _decree_files(directory: Path) -> list[Path]:
    """The decree files of a rules directory: one file per decree id (a decree given as both
    LD-7-2022.yaml and LD-7-2022.json is refused, naming both: either could silently win)."""
    sub = directory / "decrees"
    base = sub if sub.is_dir() else directory
    files = sorted(p for p in base.iterdir() if p.suffix in (".yaml", ".yml", ".json") and p.name != "statutes.yaml"
                   and not p.name.endswith(".cases.yaml"))
    by_stem: dict[str, Path] = {}
    for f in files:
        if f.stem in by_stem:
            raise InputError(str(f), None, f"one file per decree (the decree {f.stem} is also {by_stem[f.stem].name})",
                             hint="remove one of the two")
        by_stem[f.stem] = f
    return files


def _inside(path: Path, directory: Path) -> None:
    """Refuse a user's rule file that links out of its rules directory: its contents are not the
    user's rules (a link to /etc/passwd), and an error about them would echo them."""
    try:
        target = path.resolve()
        home = directory.resolve()
    except (OSError, RuntimeError):
        return   # a loop or an unreadable link: read_data_file names it
    if home != target.parent and home not in target.parents:
        raise InputError(str(path), None, "a rule file inside its rules directory",
                         hint="a symbolic link to a file outside the directory is not read")


def load_decree_file(path: Path, catalogue: Catalogue) -> Decree:
    from amnestyrules.law.rulefiles import load_decree  # (not needed when the corpus comes from the cache)
    decree = load_decree(Node(read_data_file(path), str(path)), catalogue)
    if path.stem != decree.id:
        raise InputError(str(path), "id", f"the id {path.stem} (the file's name)", decree.id)
    return decree


def load_corpus(extra_dirs: Sequence[str | os.PathLike[str]] = (), include_shipped: bool = True) -> Corpus:
    """Load the catalogue and all decrees; later directories override earlier ones.

    The loaded corpus is cached on disk, keyed by the content of every file read
    (:mod:`amnestyrules.law.cache`): an unchanged corpus is read back instead of parsed again.
    """
    dirs: list[Path] = [shipped_rules_dir()] if include_shipped else []
    for d in extra_dirs:
        p = Path(d)
        if not p.is_dir():
            raise InputError(str(d), None, "a rules directory", hint="no such directory")
        dirs.append(p)
    from amnestyrules.law import cache
    from amnestyrules.loading import MAX_FILE_BYTES
    try:
        key = cache.corpus_key(dirs, _corpus_files(dirs), MAX_FILE_BYTES) if cache.cache_dir() is not None else None
    except OSError:   # an unreadable directory: the loader says so
        key = None
    hit = cache.read(key) if key is not None else None
    if hit is not None:
        return Corpus(*hit)
    corpus = _load(dirs)
    if key is not None:
        cache.write(key, corpus.catalogue, corpus.decrees)
    return corpus


def _corpus_files(dirs: Sequence[Path]) -> list[Path]:
    """Every file :func:`_load` reads, in the order it reads them (a statutes.yaml that is not a
    plain file is listed too: the cache then steps aside and the loader refuses it)."""
    files = [d / "statutes.yaml" for d in dirs if os.path.lexists(d / "statutes.yaml")]
    for d in dirs:
        if not (d / "decrees").is_dir() and d == shipped_rules_dir():
            continue
        files += _decree_files(d)
    return files


def _load(dirs: Sequence[Path]) -> Corpus:
    catalogue: Optional[Catalogue] = None
    catalogue_dir: Optional[Path] = None
    shipped = shipped_rules_dir()
    for d in dirs:
        statutes = d / "statutes.yaml"
        if os.path.lexists(statutes):   # a directory or a dangling link is refused, not skipped
            if d != shipped:
                _inside(statutes, d)
            catalogue = load_catalogue(Node(read_data_file(statutes), str(statutes)))
            catalogue_dir = d
    if catalogue is None:
        raise InputError(str(dirs[0]) if dirs else "<rules>", "statutes.yaml", "a statute catalogue")
    decrees: dict[str, Decree] = {}
    for d in dirs:
        if not (d / "decrees").is_dir() and d == shipped:
            continue
        for f in _decree_files(d):
            if d != shipped:
                _inside(f, d)
            try:
                decree = load_decree_file(f, catalogue)
            except InputError as exc:
                if catalogue_dir is None or catalogue_dir == d or d != shipped:
                    raise
                # A user's statutes.yaml replaced the catalogue and a shipped decree no longer
                # fits it: the user's file is what to fix.
                raise InputError(str(catalogue_dir / "statutes.yaml"), None,
                                 "a catalogue the shipped decrees still validate against",
                                 hint=f"{exc.message}") from None
            decrees[decree.id] = decree
    for decree in decrees.values():
        if decree.extends and decree.extends not in decrees:
            raise InputError(decree.source_file, "extends", "the id of a decree in the corpus", decree.extends,
                             did_you_mean(decree.extends, decrees))
    return Corpus(catalogue, decrees)


_DEFAULT: dict[tuple[str, ...], Corpus] = {}


def default_corpus(extra_dirs: Iterable[str | os.PathLike[str]] = ()) -> Corpus:
    """The corpus, loaded once per process for a given set of directories."""
    key = tuple(str(Path(d).resolve()) for d in extra_dirs)
    if key not in _DEFAULT:
        _DEFAULT[key] = load_corpus(list(extra_dirs))
    return _DEFAULT[key]
