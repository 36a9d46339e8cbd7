"""amnestyrules: Syrian general-amnesty decrees as declarative, cited rules.

    >>> import amnestyrules as ar
    >>> corpus = ar.load_corpus()
    >>> profile = ar.load_profile_file("examples/terrorism-freed.yaml", corpus.catalogue)
    >>> outcome = ar.evaluate(profile, "LD-7-2022", corpus=corpus)
    >>> outcome.outcome
    'released'
"""

from .corpus import Corpus, default_corpus, load_corpus
from .errors import AmnestyRulesError, DecreeConflictError, InputError
from .evaluate import evaluate, evaluate_all
from .facts import Tri
from .model import (UNKNOWN, Charge, Citation, DecidingFact, Decree, Detention, Outcome, Penalty, Person,
                    Profile, Provision, Reason, Ruling)
from .profiles import load_profile, load_profile_file

__all__ = [
    "AmnestyRulesError", "Charge", "Citation", "Corpus", "DecidingFact", "Decree", "DecreeConflictError",
    "Detention", "InputError", "Outcome", "Penalty", "Person", "Profile", "Provision", "Reason", "Ruling",
    "Tri", "UNKNOWN", "default_corpus", "evaluate", "evaluate_all", "load_corpus", "load_profile",
    "load_profile_file",
]
__version__ = "0.1.0"
