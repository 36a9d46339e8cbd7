"""Names of the ground fields that rule predicates read (the vocabulary shared by the law and the engine).

A rule file's match compiles to predicates over a flat *ground charge*; these functions name
the fields for a charge fact and a category, so the compiler (:mod:`amnestyrules.law.rulefiles`)
and the engine (:mod:`amnestyrules.engine.grounding`) cannot spell them differently.
"""

from __future__ import annotations


def fact_field(name: str) -> str:
    return f"fact__{name}"


def category_field(name: str) -> str:
    return f"cat__{name}"
