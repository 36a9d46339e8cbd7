"""The decree reference (docs/decrees.md), generated from the rule files.

Researchers otherwise build by hand the matrix of which categories of offence each decree
touches. Here it is derived from the rules themselves: a provision touches a category when its
selector matches some charge the catalogue files under that category (trying every class,
penalty and fact value the selector reads), so the matrix cannot drift from the encoding.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path
from typing import Iterable

import attrs

from amnestyrules.engine.grounding import field_values
from amnestyrules.law.catalogue import Catalogue
from amnestyrules.law.corpus import Corpus, shipped_rules_dir
from amnestyrules.law.fields import category_field
from amnestyrules.law.model import Decree, Provision
from amnestyrules.law.predicates import constants, fields, holds
from amnestyrules.loading import Node, read_data_file

STRENGTH = {"full": 3, "measure": 3, "fraction": 2, "commutation": 1}
LABEL = {3: "full", 2: "fraction", 1: "commutation", 0: "·"}


def _entry_grounds(catalogue: Catalogue, category: str) -> Iterable[dict]:
    """Ground charges for every catalogue article filed under a category."""
    for statute in catalogue.statutes.values():
        for entry in statute.articles:
            if category not in entry.categories or entry.first is None:
                continue
            ground: dict = {"statute": statute.id, "article_num": entry.first, "article_suffix": "",
                            category_field(category): True}
            for c in entry.categories:
                ground[category_field(c)] = True
            if entry.offence_class in ("felony", "misdemeanour", "contravention"):
                ground["offence_class"] = entry.offence_class
            yield ground


def touches(provision: Provision, catalogue: Catalogue, category: str) -> bool:
    sel = provision.selector
    read = fields(sel)
    consts = constants(sel)
    for base in _entry_grounds(catalogue, category):
        free = [f for f in sorted(read) if f not in base and f not in ("statute", "article_num", "article_suffix")
                and not f.startswith("cat__")]
        domains = [field_values(f, consts.get(f, ())) for f in free]
        for combo in itertools.product(*domains):
            ground = dict(base, **dict(zip(free, combo)))
            ground.setdefault("offence_day", 0)      # cutoffs are not what the matrix is about
            if holds(sel, ground):
                return True
    return False


def category_matrix(corpus: Corpus) -> list[tuple[str, list[str]]]:
    cats = [c for c in corpus.catalogue.categories if c not in ("procedure", "court", "death-caused")]
    rows = []
    for cat in cats:
        cells = []
        for d in corpus:
            best = 0
            for p in d.provisions:
                if STRENGTH.get(p.benefit.kind, 0) > best and touches(p, corpus.catalogue, cat):
                    best = STRENGTH[p.benefit.kind]
            cells.append(LABEL[best])
        rows.append((cat, cells))
    return rows


def decrees_json(corpus: Corpus, lang: str = "en") -> list[dict[str, object]]:
    """The decrees in issue order for programs (``amnestyrules decrees --format json``, /api/decrees):
    dates, cutoff rule, kind, number of provisions, confidence, the title in ``lang``."""
    return [{"id": d.id, "issued": d.issued.isoformat(), "cutoff": d.cutoff.isoformat(),
             "cutoff_rule": d.cutoff_rule, "kind": d.kind, "provisions": len(d.provisions),
             "confidence": d.confidence, "title": d.title_ar if lang == "ar" else d.title_en}
            for d in corpus]


def _provision_line(d: Decree, p: Provision) -> str:
    conds = "; ".join(f"{c.text_en} [{c.citation.label}]" for c in p.conditions)
    excl = "; ".join(f"{x.reason_en} [{x.citation.label}]" for x in p.exclusions)
    line = f"- **{p.ref}** ({p.benefit.describe}): {p.summary_en}"
    if conds:
        line += f". Conditions: {conds}"
    if excl:
        line += f". Exclusions: {excl}"
    line += f". Confidence: {p.confidence}."
    for q in p.open_questions:
        line += f"\n  - open question: {q}"
    return line


def decree_reference(corpus: Corpus) -> str:
    """Markdown reference of the whole corpus (the content of docs/decrees.md)."""
    out = ["# Decree reference", "",
           "Generated from the rule files by `amnestyrules decrees --format markdown`; do not edit by hand.",
           "A test fails when this file is out of date.", "",
           "| decree | issued | cutoff | kind | provisions | confidence | last revision |",
           "|---|---|---|---|---|---|---|"]
    for d in corpus:
        last = d.revisions[-1].date.isoformat() if d.revisions else "-"
        out.append(f"| [{d.id}](#{d.id.lower()}) | {d.issued} | {d.cutoff_rule.replace('_', ' ')} {d.cutoff} | "
                   f"{d.kind} | {len(d.provisions)} | {d.confidence} | {last} |")
    out += ["", "## Categories of offence touched", "",
            "Strongest benefit any provision gives to some article of the category "
            "(full / fraction / commutation / · none), before exclusions and conditions.", ""]
    ids = [d.id for d in corpus]
    out.append("| category | " + " | ".join(ids) + " |")
    out.append("|---|" + "---|" * len(ids))
    for cat, cells in category_matrix(corpus):
        out.append(f"| {cat} | " + " | ".join(cells) + " |")
    for d in corpus:
        out += ["", f"## {d.id}", "", f"**{d.title_en}**", "", f"{d.title_ar}", ""]
        out.append(f"- issued {d.issued}" + (f", in force {d.in_force}" if d.in_force else "")
                   + f"; offences committed {d.cutoff_rule.replace('_', ' ')} {d.cutoff} "
                   f"[{d.cutoff_citation.label}]; kind: {d.kind}; confidence: {d.confidence}"
                   + (f"; extends {d.extends}" if d.extends else ""))
        if d.summary_en:
            out += ["", d.summary_en]
        out += ["", "### Provisions", ""]
        out += [_provision_line(d, p) for p in d.provisions]
        if d.exclusions:
            out += ["", "### Exclusions", ""]
            for x in d.exclusions:
                scope = f" (only {', '.join(x.applies_to)})" if x.applies_to else ""
                out.append(f"- **{x.citation.label}**{scope}: {x.reason_en}. Confidence: {x.confidence}.")
        if d.personal_right_en:
            out += ["", f"Personal right: {d.personal_right_en}"]
        if d.open_questions:
            out += ["", "### Open questions", ""]
            out += [f"- {q}" for q in d.open_questions]
        if d.effects or any(p.effects for p in d.provisions):
            out += ["", "### Effects of a pardon", ""]
            out += [f"- {e.kind}: {e.text_en} [{e.citation.label}]" for e in d.effects]
            out += [f"- {e.kind} ({p.ref}): {e.text_en} [{e.citation.label}]" for p in d.provisions for e in p.effects]
        if d.revisions:
            r = d.revisions[-1]
            out += ["", f"Last revision ({r.date}, {len(d.revisions)} in all): {r.change}"
                    + (" Sources: " + ", ".join(f"<{x}>" if x.startswith("http") else x for x in r.sources)
                       if r.sources else "")]
        out += ["", "Sources: " + ", ".join(f"<{s}>" if s.startswith("http") else s for s in d.sources)]
    out += reconciliation_section(corpus)
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- reconciliation

RECONCILIATION_FILE = "reconciliation.yaml"
_DECREE_ID = re.compile(r"^LD-[1-9][0-9]*-(19|20)[0-9]{2}$")


@attrs.frozen
class CountSource:
    """One published count of amnesty decrees (rules/reconciliation.yaml, ``sources``)."""

    id: str
    title: str
    url: str
    date_from: dt.date
    date_to: dt.date
    count: int
    list_found: bool
    note: str

    def covers(self, day: dt.date) -> bool:
        return self.date_from <= day <= self.date_to


@attrs.frozen
class ReconciledDecree:
    """A decree as the reconciliation reviewed it (``decrees``)."""

    id: str
    in_corpus: bool
    counted_by: tuple[str, ...]
    note: str


@attrs.frozen
class Reconciliation:
    sources: tuple[CountSource, ...]
    decrees: tuple[ReconciledDecree, ...]
    differences: tuple[str, ...]
    source_file: str

    def period(self) -> tuple[dt.date, dt.date]:
        """The span of all the sources' periods."""
        return min(s.date_from for s in self.sources), max(s.date_to for s in self.sources)

    def decree(self, decree_id: str) -> ReconciledDecree | None:
        return next((d for d in self.decrees if d.id == decree_id), None)


def load_reconciliation(path: str | Path | None = None) -> Reconciliation:
    """Read rules/reconciliation.yaml (the shipped one by default), naming the field at fault."""
    path = Path(path) if path is not None else shipped_rules_dir() / RECONCILIATION_FILE
    n = Node(read_data_file(path), str(path)).mapping(allowed=("sources", "decrees", "differences", "notes"),
                                                      required=("sources", "decrees", "differences"))
    sources: list[CountSource] = []
    for s in n.get("sources").list():
        s.mapping(allowed=("id", "title", "url", "period", "count", "list_found", "note"),
                  required=("id", "title", "url", "period", "count", "list_found", "note"))
        period = s.get("period").mapping(allowed=("from", "to"), required=("from", "to"))
        source = CountSource(id=s.get("id").str() or "", title=s.get("title").str() or "",
                             url=s.get("url").str() or "", date_from=period.get("from").date(),
                             date_to=period.get("to").date(), count=s.get("count").int(minimum=0) or 0,
                             list_found=s.get("list_found").bool(), note=s.get("note").str() or "")
        if source.date_to < source.date_from:
            raise period.get("to").error(f"a date on or after {source.date_from.isoformat()} (the period's start)",
                                         source.date_to.isoformat())
        if any(o.id == source.id for o in sources):
            raise s.get("id").error("a source id used once", source.id)
        sources.append(source)
    if not sources:
        raise n.get("sources").error("at least one source")
    known = [src.id for src in sources]
    decrees: list[ReconciledDecree] = []
    for d in n.get("decrees").list():
        d.mapping(allowed=("id", "in_corpus", "counted_by", "note"), required=("id", "in_corpus", "note"))
        decree_id = d.get("id").str() or ""
        if not _DECREE_ID.match(decree_id):
            raise d.get("id").error("a decree id LD-<number>-<year>", decree_id)
        if any(o.id == decree_id for o in decrees):
            raise d.get("id").error("a decree listed once", decree_id)
        counted_by: tuple[str, ...] = tuple(d.get("counted_by").str_list())
        for i, ref in enumerate(counted_by):
            if ref not in known:
                raise d.get("counted_by").error("a source id of this file", ref,
                                                f"known: {', '.join(known)}", key=i)
        decrees.append(ReconciledDecree(decree_id, d.get("in_corpus").bool(), counted_by, d.get("note").str() or ""))
    differences = tuple(x.str() or "" for x in n.get("differences").list())
    return Reconciliation(tuple(sources), tuple(decrees), differences, str(path))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def reconciliation_section(corpus: Corpus, reconciliation: Reconciliation | None = None) -> list[str]:
    """The "Reconciliation with published counts" section of docs/decrees.md.

    Source counts and notes come from rules/reconciliation.yaml; corpus counts are computed from the
    decrees of the corpus, so the table cannot drift from the rule files. A corpus decree issued in a
    source's period that the file does not review is still listed (marked "not reviewed").
    """
    rec = reconciliation or load_reconciliation()
    issued = {d.id: d.issued for d in corpus}
    intro = ("Counts of amnesty decrees published by monitors and analysts, against the decrees of this corpus "
             "issued in the same period (both days included). From `rules/reconciliation.yaml`; where no "
             "decree-by-decree list of a source was found (the table says so), an equal count is agreement in "
             "number only.")
    out = ["", "## Reconciliation with published counts", "", intro, "",
           "| source | period | source count | corpus count | difference explained |", "|---|---|---|---|---|"]
    for s in rec.sources:
        n_corpus = sum(1 for day in issued.values() if s.covers(day))
        diff = n_corpus - s.count
        verdict = "same number" if diff == 0 else f"corpus {'+' if diff > 0 else ''}{diff}"
        listed = "list found" if s.list_found else "list not found"
        out.append(f"| [{_cell(s.title)}]({s.url}) | {s.date_from} to {s.date_to} | {s.count} | {n_corpus} | "
                   + f"{verdict} ({listed}): {_cell(s.note)} |")
    out += ["", "Differences:", ""]
    out += [f"- {x}" for x in rec.differences]
    start, end = rec.period()
    lead = (f"Decrees reviewed: every corpus decree issued {start} to {end}, and any other the file names "
            "(counted by: the sources whose period includes the decree, inferred from the period since no "
            "list was found):")
    out += ["", lead, "",
            "| decree | issued | in corpus | counted by | note |", "|---|---|---|---|---|"]
    reviewed = {d.id for d in rec.decrees}
    rows: list[tuple[dt.date | None, str, str]] = []
    for d in rec.decrees:
        day = issued.get(d.id)
        in_corpus = "yes" if d.id in issued else "no"
        rows.append((day, d.id, f"| {d.id} | {day or '-'} | {in_corpus} | {', '.join(d.counted_by) or '-'} | "
                                + f"{_cell(d.note)} |"))
    for decree_id, day in issued.items():
        if decree_id not in reviewed and start <= day <= end:
            by = ", ".join(s.id for s in rec.sources if s.covers(day)) or "-"
            rows.append((day, decree_id, f"| {decree_id} | {day} | yes | {by} | not reviewed in rules/{RECONCILIATION_FILE} |"))
    rows.sort(key=lambda r: (r[0] or dt.date.max, r[1]))
    out += [r[2] for r in rows]
    return out
