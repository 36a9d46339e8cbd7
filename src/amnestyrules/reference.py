"""The decree reference (docs/decrees.md), generated from the rule files.

Researchers otherwise build by hand the matrix of which categories of offence each decree
touches. Here it is derived from the rules themselves: a provision touches a category when its
selector matches some charge the catalogue files under that category (trying every class,
penalty and fact value the selector reads), so the matrix cannot drift from the encoding.
"""

from __future__ import annotations

import itertools
from typing import Iterable

from .catalogue import Catalogue
from .corpus import Corpus
from .grounding import category_field, field_values
from .model import Decree, Provision
from .predicates import constants, fields, holds

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
           "| decree | issued | cutoff | kind | provisions | confidence |", "|---|---|---|---|---|---|"]
    for d in corpus:
        out.append(f"| [{d.id}](#{d.id.lower()}) | {d.issued} | {d.cutoff_rule.replace('_', ' ')} {d.cutoff} | "
                   f"{d.kind} | {len(d.provisions)} | {d.confidence} |")
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
        out += ["", "Sources: " + ", ".join(f"<{s}>" if s.startswith("http") else s for s in d.sources)]
    return "\n".join(out) + "\n"
