"""The answers shaped for the page: verdicts at a glance, then why, then what to ask.

Everything a template shows is said here, in the reader's language, through the same
functions the command line uses (:mod:`amnestyrules.present`): a ruling's one-line gist is the
summary's, a reason is the explanation tree's, a verdict's label is the catalogue's. Arabic
strings have their left-to-right runs (ids, dates, article numbers) isolated, as the terminal
output does, so 'LD-7-2022 Art. 1' keeps its order inside a right-to-left sentence.

Order: the decree that came closest to freeing the person first (:mod:`amnestyrules.analysis
.compare`), then the others in issue order; decrees that cannot touch any charge fold into one
line. Questions: the unknowns that decide some decree's verdict, those deciding the most
verdicts first, then as each decree ranks them (by how much each settles).
"""

from __future__ import annotations

import datetime as dt
from importlib.metadata import PackageNotFoundError, version
from typing import Any, Optional, Sequence
from urllib.parse import urlsplit

import attrs

from amnestyrules.analysis.compare import Comparison
from amnestyrules.case.model import Profile
from amnestyrules.engine.answers import Outcome, Reason, Ruling
from amnestyrules.facts import CHARGE_FACTS, PERSON_FACTS
from amnestyrules.law.corpus import Corpus
from amnestyrules.law.model import Decree
from amnestyrules.present.i18n import (
    citation_label,
    confidence_label,
    count_text,
    decree_name,
    decree_short,
    isolate_runs,
    join,
    message,
    offence_text,
    outcome_label,
    reason_text,
    ruling_label,
)
from amnestyrules.present.render import charge_node
from amnestyrules.present.summary import FOLD_REASONS, folded_reason, ruling_gist
from amnestyrules.present.vocabulary import fact_meaning

try:
    VERSION = version("amnestyrules")
except PackageNotFoundError:   # run from a source tree that was never installed
    VERSION = "unknown"


def t(key: str, lang: str, **params: object) -> str:
    """A string of the page (messages.yaml, section ``page``)."""
    return message(f"page.{key}", lang, **params)


def bidi(text: str, lang: str) -> str:
    """Arabic text with its left-to-right runs isolated (English text as it is)."""
    return isolate_runs(text) if lang == "ar" else text


@attrs.frozen
class Source:
    url: str
    host: str


@attrs.frozen
class Node:
    """One line of an explanation tree, with its citation and sub-lines."""

    text: str
    cite: str
    children: tuple["Node", ...] = ()


@attrs.frozen
class ChargeRuling:
    charge: str
    ruling: str
    label: str
    clause: str
    gist: str
    sources: tuple[Source, ...]
    tree: tuple[Node, ...]


@attrs.frozen
class DecreeView:
    id: str
    short: str
    name: str
    title: str
    issued: str
    outcome: str
    outcome_label: str
    confidence: str
    confidence_label: str
    blocking: tuple[str, ...]
    closest: bool
    #: charge id -> (ruling, its label), for the matrix
    cells: dict[str, tuple[str, str]]
    charges: tuple[ChargeRuling, ...]
    conditions: tuple[str, ...]
    deciding: tuple[str, ...]
    warnings: tuple[str, ...]
    #: where the decree's text was read (each ruling lists its own clause's sources)
    sources: tuple[Source, ...]
    #: does some provision reach a charge (worth a section of its own)?
    reached: bool


@attrs.frozen
class Question:
    """An unknown to put to the client, answerable in place."""

    charge: Optional[str]
    fact: str
    meaning: str
    #: tri (yes/no), class, penalty, date, nationality, text
    kind: str
    decrees: tuple[str, ...]

    @property
    def subject(self) -> str:
        return f"{self.charge}.{self.fact}" if self.charge else self.fact


@attrs.frozen
class Results:
    as_of: str
    decree_count: str
    legend: tuple[tuple[str, str], ...]
    notices: tuple[str, ...]
    decrees: tuple[DecreeView, ...]
    folded: tuple[str, ...]
    questions: tuple[Question, ...]
    charges: tuple[str, ...]
    closest: Optional[str]
    #: 'closest: LD-27-2024 (1 blocking charge, BLOCKED)', as ``amnestyrules compare`` says it
    closest_line: str


# ------------------------------------------------------------------------- building

def _sources(urls: Sequence[str]) -> tuple[Source, ...]:
    """The sources that are links (a source may also be a plain reference to a printed text)."""
    out = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.hostname:
            out.append(Source(url, parts.hostname.removeprefix("www.")))
    return tuple(out)


def _node(r: Reason, lang: str, corpus: Corpus) -> Node:
    cite = citation_label(r.citation, lang) if r.citation is not None else ""
    return Node(bidi(reason_text(r, lang, corpus.catalogue), lang), bidi(cite, lang),
                tuple(_node(c, lang, corpus) for c in r.children))


def _charge(r: Ruling, decree: Decree, profile: Profile, lang: str, corpus: Corpus) -> ChargeRuling:
    charge = next((c for c in profile.charges if c.id == r.charge), None)
    node = charge_node(r, decree, charge)
    clause = citation_label(r.citation, lang) if r.citation is not None else ""
    return ChargeRuling(r.charge, r.ruling, ruling_label(r.ruling, lang), bidi(clause, lang),
                        bidi(ruling_gist(r, decree, lang, corpus.catalogue), lang),
                        _sources(r.citation.sources if r.citation is not None else ()),
                        tuple(_node(c, lang, corpus) for c in node.children))


def _reached(o: Outcome) -> bool:
    return any(r.provision is not None or r.ruling != "not_covered" for r in o.rulings)


def _decree(o: Outcome, d: Decree, profile: Profile, lang: str, corpus: Corpus, closest: bool) -> DecreeView:
    conditions = tuple(bidi(message("labels.condition", lang, charge=c.charge, text=c.text_ar if lang == "ar"
                                    else c.text_en, by=message("labels.condition_by", lang, date=c.by.isoformat())
                                    if c.by else "") + " — " + citation_label(c.citation, lang), lang)
                       for c in o.conditions)
    return DecreeView(
        id=d.id, short=bidi(decree_short(d.id, lang), lang), name=bidi(decree_name(d.id, lang), lang),
        title=bidi(d.title_ar if lang == "ar" else d.title_en, lang), issued=d.issued.isoformat(),
        outcome=o.outcome, outcome_label=outcome_label(o.outcome, lang), confidence=o.confidence,
        confidence_label=confidence_label(o.confidence, lang), blocking=o.blocking, closest=closest,
        cells={r.charge: (r.ruling, ruling_label(r.ruling, lang)) for r in o.rulings},
        charges=tuple(_charge(r, d, profile, lang, corpus) for r in o.rulings), conditions=conditions,
        deciding=tuple(f"{f.charge}.{f.fact}" if f.charge else f.fact for f in o.deciding_facts),
        warnings=tuple(bidi(reason_text(w, lang, corpus.catalogue), lang) for w in o.warnings),
        sources=_sources(d.sources), reached=_reached(o))


QUESTION_KINDS = {"offence_date": "date", "born": "date", "surrendered_on": "date", "hostage_released_on": "date",
                  "offence_class": "class", "class": "class", "penalty": "penalty", "nationality": "nationality",
                  "paragraph": "text", "incurable_illness": "tri"}
CHARGE_FIELD_MEANINGS = ("offence_date", "offence_class", "penalty", "paragraph", "hostage_released_on")


def _questions(outcomes: Sequence[Outcome], lang: str) -> tuple[Question, ...]:
    rank: dict[tuple[Optional[str], str], list[Any]] = {}
    for o in outcomes:
        for position, f in enumerate(o.deciding_facts):
            entry = rank.setdefault((f.charge, f.fact), [0, position, []])
            entry[0] += 1
            entry[1] = min(entry[1], position)
            entry[2].append(o.decree)
    ordered = sorted(rank.items(), key=lambda kv: (-kv[1][0], kv[1][1]))
    out = []
    for (charge, fact), (_, _, decrees) in ordered:
        kind = "tri" if fact in CHARGE_FACTS or fact in PERSON_FACTS else QUESTION_KINDS.get(fact, "field")
        meaning = fact_meaning(fact, lang) if kind == "tri" else t(f"question_fields.{fact}", lang) \
            if fact in QUESTION_KINDS else fact
        out.append(Question(charge, fact, bidi(meaning, lang), kind,
                            tuple(bidi(decree_short(d, lang), lang) for d in decrees)))
    return tuple(out)


def results(profile: Profile, outcomes: Sequence[Outcome], comparison: Comparison, corpus: Corpus,
            lang: str) -> Results:
    """Everything the page shows about the answers (see the module docstring for the order)."""
    as_of = next((o.as_of for o in outcomes if o.as_of is not None), dt.date.today())
    folded: dict[str, list[str]] = {why: [] for why in FOLD_REASONS}
    shown: list[DecreeView] = []
    for o in outcomes:
        d = corpus.decree(o.decree)
        why = folded_reason(o, d, profile)
        if why is not None:
            folded[why].append(o.decree)
        else:
            shown.append(_decree(o, d, profile, lang, corpus, o.decree == comparison.closest))
    shown.sort(key=lambda v: not v.closest)     # stable: the closest first, the others in issue order
    dates = [c.offence_date for c in profile.charges if isinstance(c.offence_date, dt.date)]
    earliest = min(dates).isoformat() if dates else "-"
    lines = []
    for why, ids in folded.items():
        if ids:
            names = join((decree_short(i, lang) for i in ids), lang)
            lines.append(bidi(message(f"summary.folded_{why}", lang, count=count_text("decrees", len(ids), lang),
                                      date=earliest, decrees=names), lang))
    later = corpus.issued_after(as_of)
    if later:
        lines.append(bidi(message("summary.left_out_page", lang, count=count_text("decrees", len(later), lang),
                                  date=as_of.isoformat(), decrees=join((decree_short(d.id, lang) for d in later), lang)),
                          lang))
    legend = tuple((c.id, bidi(offence_text(c.statute, c.article, lang, corpus.catalogue) + " — " + (
        c.offence_date.isoformat() if isinstance(c.offence_date, dt.date) else message("summary.date_unknown", lang)),
        lang)) for c in profile.charges)
    if comparison.closest:
        row = comparison.row(comparison.closest)
        closest = message("analysis.closest", lang, decree=decree_short(row.decree, lang),
                          blocking=count_text("blocking_charges", row.blocking.smallest or 0, lang),
                          verdict=outcome_label(row.outcome, lang))
    else:
        closest = message("analysis.no_closest", lang)
    return Results(as_of=as_of.isoformat(), decree_count=count_text("decrees", len(outcomes), lang), legend=legend,
                   notices=tuple(bidi(n.message, lang) for n in profile.warnings), decrees=tuple(shown),
                   folded=tuple(lines), questions=_questions(outcomes, lang),
                   charges=tuple(c.id for c in profile.charges), closest=comparison.closest,
                   closest_line=bidi(closest, lang))
