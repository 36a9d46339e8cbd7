"""The selector language of rule files (``applies_to``, ``when``) -> predicates over a charge.

One reader for every place a rule file says which charges it means: a provision's
``applies_to``, an exclusion's or a condition's ``when``. It checks names against the statute
catalogue (statutes, categories, penalty kinds, facts), bounds nesting, and refuses a whole
statute narrowed only by a fact (docs/rule-format.md, "Selectors"). The spans helpers at the end
let the decree reader test whether an exclusion lists exactly what a provision covers.
"""

from __future__ import annotations

import bisect
from typing import Optional

from amnestyrules.facts import CHARGE_FACTS
from amnestyrules.law.articles import ArticleSpan, parse_span
from amnestyrules.law.catalogue import Catalogue
from amnestyrules.law.fields import category_field, fact_field
from amnestyrules.law.model import NATIONALITIES, OFFENCE_CLASSES, STAGES, WHEREABOUTS
from amnestyrules.law.predicates import Cmp, Eq, FalsePred, In, Not, Predicate, TruePred, all_of, any_of
from amnestyrules.loading import MAX_DEPTH, Node

MATCH_KEYS = ("statutes", "class", "categories", "penalty", "stage", "fact", "facts", "nationality",
              "whereabouts", "all", "any", "not", "everything")


class SelectorReader:
    """Reads selectors against one statute catalogue."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._match_depth = 0

    def penalty(self, node: Node) -> str:
        value = node.str() or ""
        if value not in self.catalogue.penalties:
            from amnestyrules.errors import did_you_mean
            raise node.error("a penalty kind from rules/statutes.yaml", value,
                             did_you_mean(value, self.catalogue.penalties))
        return value

    def penalties(self, node: Node) -> tuple[str, ...]:
        out: list[str] = []
        for item in (node.list() if isinstance(node.value, list) else [node]):
            value = item.str() or ""
            if value == "temporary":
                out += [p for p in self.catalogue.temporary_penalties()]
            elif value == "life":
                out += [p for p in self.catalogue.penalties if p.startswith("life-")]
            else:
                out.append(self.penalty(item))
        return tuple(dict.fromkeys(out))

    def category_list(self, node: Node) -> list[str]:
        from amnestyrules.errors import did_you_mean
        out = []
        for c in (node.list() if isinstance(node.value, list) else ([node] if node.value is not None else [])):
            value = c.str() or ""
            if value not in self.catalogue.categories:
                raise c.error("a category id from rules/statutes.yaml", value,
                              did_you_mean(value, self.catalogue.categories))
            out.append(value)
        return out


    def fact_name(self, node: Node) -> str:
        from amnestyrules.errors import did_you_mean
        name = node.str() or ""
        if name not in CHARGE_FACTS:
            raise node.error("a charge fact name", name, did_you_mean(name, CHARGE_FACTS))
        return name

    def match(self, node: Node, in_conjunction: bool = False) -> Predicate:
        # all/any/not nest: bound the depth so that rule data built in Python (the YAML and
        # JSON readers already stop at MAX_DEPTH) cannot exhaust the interpreter's stack.
        self._match_depth = self._match_depth + 1
        try:
            if self._match_depth > MAX_DEPTH:
                raise node.error(f"a match nested at most {MAX_DEPTH} levels deep")
            predicate = self._match(node)
            if not in_conjunction:
                _check_whole_statute(node)
            return predicate
        finally:
            self._match_depth -= 1

    def _match(self, node: Node) -> Predicate:
        v = node.value
        if v == "everything" or v == "all":
            return TruePred()
        node.mapping(allowed=MATCH_KEYS)
        if not v:
            raise node.error("a non-empty match (use 'everything' to match every charge)")
        parts: list[Predicate] = []
        for key, sub in node.items():
            parts.append(self._match_key(key, sub))
        return all_of(*parts)

    def _match_key(self, key: str, sub: Node) -> Predicate:
        if key == "everything":
            return TruePred() if sub.bool() else FalsePred()
        if key == "statutes":
            return any_of(*(self._statute_match(s) for s in sub.list(allow_missing=False)))
        if key == "class":
            return In("offence_class", tuple(s.enum(OFFENCE_CLASSES) or "" for s in as_list(sub)))
        if key == "categories":
            return any_of(*(Eq(category_field(c), True) for c in self.category_list(sub)))
        if key == "penalty":
            return In("penalty", self.penalties(sub))
        if key == "stage":
            return In("stage", tuple(s.enum(STAGES) or "" for s in as_list(sub)))
        if key == "nationality":
            return In("nationality", tuple(s.enum(NATIONALITIES[:2]) or "" for s in as_list(sub)))
        if key == "whereabouts":
            return In("whereabouts", tuple(s.enum(WHEREABOUTS) or "" for s in as_list(sub)))
        if key == "fact":
            return Eq(fact_field(self.fact_name(sub)), True)
        if key == "facts":
            sub.mapping()
            return all_of(*(Eq(fact_field(self.fact_name(Node(name, sub.file, f"{sub.path}.{name}"))),
                               value.bool()) for name, value in sub.items()))
        if key == "all":
            return all_of(*(self.match(s, in_conjunction=True) for s in sub.list(allow_missing=False)))
        if key == "any":
            return any_of(*(self.match(s) for s in sub.list(allow_missing=False)))
        return Not(self.match(sub))  # key == "not"

    def _statute_match(self, s: Node) -> Predicate:
        s.mapping(allowed=("statute", "articles", "except", "note", "whole_statute"),
                  required=("statute", "articles"))
        statute = s.get("statute").str() or ""
        self.catalogue.statute(statute, s.get("statute"))
        arts = s.get("articles")
        if s.get("whole_statute").bool(default=False) and arts.value != "all":
            raise s.get("whole_statute").error("whole_statute: true only beside articles: all", arts.value)
        if arts.value == "all":
            articles: Predicate = TruePred()
        else:
            articles = any_of(*(_span_predicate(_span(a)) for a in as_list(arts)))
        excepted = any_of(*(_span_predicate(_span(a)) for a in s.get("except").list())) if s.has("except") \
            else FalsePred()
        return all_of(Eq("statute", statute), articles, Not(excepted) if not isinstance(excepted, FalsePred)
                      else TruePred())



#: Match keys that narrow a statute by its articles (a fact instead asks the lawyer a question about
#: every charge of the statute).
_ARTICLE_NARROWING = frozenset(("class", "categories", "penalty"))
_FACT_KEYS = frozenset(("fact", "facts"))


def _conjunction(node: Node) -> list[tuple[str, Node]]:
    """The keys ANDed at one level of a match: its own and those of its nested `all:` items."""
    out: list[tuple[str, Node]] = []
    if not isinstance(node.value, dict):
        return out
    for key, sub in node.items():
        if key == "all" and isinstance(sub.value, list):
            for item in sub.list():
                out += _conjunction(item)
        else:
            out.append((key, sub))
    return out


def _check_whole_statute(node: Node) -> None:
    """Refuse `articles: all` narrowed only by facts, unless the entry says `whole_statute: true`.

    Such a selector asks every charge of the statute about the fact (a Penal Code homicide asked
    whether it was unlicensed carrying): the rule file must name the articles (or a category, class
    or penalty), or say on the statute entry that the decree reaches the whole statute."""
    parts = _conjunction(node)
    keys = {k for k, _ in parts}
    facts = sorted(keys & _FACT_KEYS)
    if not facts or keys & _ARTICLE_NARROWING:
        return
    for key, sub in parts:
        if key != "statutes" or not isinstance(sub.value, list):
            continue
        for entry in sub.list():
            value = entry.value
            if isinstance(value, dict) and value.get("articles") == "all" and value.get("whole_statute") is not True:
                raise entry.error(
                    "the statute's articles (or a category, class or penalty) beside a fact, or "
                    "'whole_statute: true' on this entry if the decree reaches the whole statute "
                    "(articles: all narrowed only by a fact asks every charge of the statute about the fact)",
                    f"{value.get('statute')}: articles: all, narrowed only by {' and '.join(facts)}",
                    key="articles")


def as_list(node: Node) -> list[Node]:
    return node.list(allow_missing=False) if isinstance(node.value, list) else [node]


def _span(node: Node) -> ArticleSpan:
    text = node.written("an article") or ""
    span = parse_span(text)
    if span is None:
        raise node.error("an article such as 285, 103(4), 556 bis or a range such as 304-306", text)
    return span


def _span_predicate(span: ArticleSpan) -> Predicate:
    if span.first == span.last:
        parts: list[Predicate] = [Eq("article_num", span.first), Eq("article_suffix", span.suffix)]
        if span.paragraph:
            parts.append(Eq("paragraph", span.paragraph))
        return all_of(*parts)
    return all_of(Cmp("article_num", ">=", span.first), Cmp("article_num", "<=", span.last),
                  Eq("article_suffix", ""))


def listed_spans(node: Node) -> list[tuple[str, ArticleSpan]]:
    out: list[tuple[str, ArticleSpan]] = []
    if not isinstance(node.value, dict) or not isinstance(node.value.get("statutes"), list):
        return out
    for s in node.value["statutes"]:
        if not isinstance(s, dict) or s.get("articles") in (None, "all"):
            continue
        arts = s["articles"] if isinstance(s["articles"], list) else [s["articles"]]
        for a in arts:
            span = parse_span(str(a))
            if span is not None:
                out.append((str(s.get("statute")), span))
    return out


class Spans:
    """Listed spans, indexed to answer 'is this span inside one of them?' in logarithmic time
    (a provision and an exclusion listing thousands of articles each took seconds pairwise).
    Same answer as trying :func:`span_within` against every span (tests/test_regressions.py)."""

    def __init__(self, spans: list[tuple[str, ArticleSpan]]) -> None:
        groups: dict[tuple[str, str, Optional[str]], list[tuple[int, int]]] = {}
        for statute, span in spans:
            groups.setdefault((statute, span.suffix, span.paragraph or None), []).append((span.first, span.last))
        self.index: dict[tuple[str, str, Optional[str]], tuple[list[int], list[int]]] = {}
        for key, ranges in groups.items():
            ranges.sort()
            reach, widest = [], -1
            for _, last in ranges:
                widest = max(widest, last)
                reach.append(widest)
            self.index[key] = ([first for first, _ in ranges], reach)

    def contain(self, statute: str, inner: ArticleSpan) -> bool:
        # An outer span with a paragraph holds only that paragraph; one without holds every paragraph.
        for paragraph in {None, inner.paragraph or None}:
            found = self.index.get((statute, inner.suffix, paragraph))
            if found is None:
                continue
            firsts, reach = found
            i = bisect.bisect_right(firsts, inner.first)
            if i and reach[i - 1] >= inner.last:
                return True
        return False


def span_within(inner: ArticleSpan, outer: ArticleSpan) -> bool:
    if inner.suffix != outer.suffix:
        return False
    if outer.paragraph and outer.paragraph != inner.paragraph:
        return False
    return outer.first <= inner.first and inner.last <= outer.last


