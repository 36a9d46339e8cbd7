"""amnestyrules: Syrian general-amnesty decrees as declarative, cited rules.

    >>> import amnestyrules as ar
    >>> corpus = ar.load_corpus()
    >>> profile = ar.load_profile_file("examples/terrorism-freed.yaml", corpus.catalogue)
    >>> outcome = ar.evaluate(profile, "LD-7-2022", corpus=corpus)
    >>> outcome.outcome
    'released'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from amnestyrules.version import __version__

if TYPE_CHECKING:
    from amnestyrules.case.model import Charge, Detention, Penalty, Person, Profile
    from amnestyrules.case.profiles import load_profile, load_profile_file
    from amnestyrules.engine.answers import DecidingFact, Outcome, Reason, Ruling
    from amnestyrules.engine.batch import evaluate_many
    from amnestyrules.engine.evaluate import evaluate, evaluate_all
    from amnestyrules.errors import AmnestyRulesError, DecreeConflictError, InputError
    from amnestyrules.facts import UNKNOWN, Tri
    from amnestyrules.law.corpus import Corpus, default_corpus, load_corpus
    from amnestyrules.law.model import Citation, Decree, Provision

#: Where each public name lives. Imported on first use (PEP 562), so that ``import amnestyrules``
#: (and every command of the CLI, which imports a submodule) does not pay for the whole package.
_PUBLIC = {
    "amnestyrules.case.model": ("Charge", "Detention", "Penalty", "Person", "Profile"),
    "amnestyrules.case.profiles": ("load_profile", "load_profile_file"),
    "amnestyrules.engine.answers": ("DecidingFact", "Outcome", "Reason", "Ruling"),
    "amnestyrules.engine.batch": ("evaluate_many",),
    "amnestyrules.engine.evaluate": ("evaluate", "evaluate_all"),
    "amnestyrules.errors": ("AmnestyRulesError", "DecreeConflictError", "InputError"),
    "amnestyrules.facts": ("UNKNOWN", "Tri"),
    "amnestyrules.law.corpus": ("Corpus", "default_corpus", "load_corpus"),
    "amnestyrules.law.model": ("Citation", "Decree", "Provision"),
}
_HOME = {name: module for module, names in _PUBLIC.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'amnestyrules' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOME))


__all__ = [
    "AmnestyRulesError", "Charge", "Citation", "Corpus", "DecidingFact", "Decree", "DecreeConflictError",
    "Detention", "InputError", "Outcome", "Penalty", "Person", "Profile", "Provision", "Reason", "Ruling",
    "Tri", "UNKNOWN", "default_corpus", "evaluate", "evaluate_all", "evaluate_many", "load_corpus", "load_profile",
    "load_profile_file", "__version__",
]
