"""Articles drawn from the statute catalogue, with their class and categories."""

from __future__ import annotations

from typing import Optional, Sequence

import attrs

from amnestyrules.law.articles import ArticleRef
from amnestyrules.law.catalogue import Catalogue
from amnestyrules.testing._draw import Draw, _between, _pick
from amnestyrules.testing._solver import Wants, _same, _Want


@attrs.frozen
class _Article:
    statute: str
    number: int
    categories: frozenset[str]
    offence_class: Optional[str]


_POOLS: dict[int, tuple[Catalogue, dict[tuple[str, int], _Article]]] = {}
#: Article numbers drawn for a statute whose catalogue entry lists no articles.
_OPEN_STATUTE_NUMBERS = (1, 2, 3, 5, 10, 20, 50, 100)


def _article(catalogue: Catalogue, statute: str, number: int) -> _Article:
    cached = _POOLS.get(id(catalogue))
    if cached is None or cached[0] is not catalogue:
        cached = (catalogue, {})
        _POOLS[id(catalogue)] = cached
    key = (statute, number)
    art = cached[1].get(key)
    if art is None:
        info = catalogue.article_info(statute, ArticleRef(number))
        art = _Article(statute, number, frozenset(info.categories), info.offence_class)
        cached[1][key] = art
    return art


def _catalogued_numbers(catalogue: Catalogue, statute: str) -> list[int]:
    """Article numbers the catalogue describes for a statute (entry bounds and middles)."""
    entries = [e for e in catalogue.statutes[statute].articles if e.first is not None and e.last is not None]
    if not entries:
        return list(_OPEN_STATUTE_NUMBERS)
    nums: set[int] = set()
    for e in entries:
        if e.first is not None and e.last is not None:
            nums.update({e.first, e.last, (e.first + e.last) // 2})
    return sorted(nums)


_CATALOGUED: dict[int, tuple[Catalogue, dict[str, tuple[_Article, ...]]]] = {}


def _catalogued(catalogue: Catalogue, statute: str) -> tuple[_Article, ...]:
    cached = _CATALOGUED.get(id(catalogue))
    if cached is None or cached[0] is not catalogue:
        cached = (catalogue, {})
        _CATALOGUED[id(catalogue)] = cached
    arts = cached[1].get(statute)
    if arts is None:
        arts = tuple(_article(catalogue, statute, n) for n in _catalogued_numbers(catalogue, statute))
        cached[1][statute] = arts
    return arts


def _choose_article(draw: Draw, catalogue: Catalogue, wants: Wants,
                    numbers_of_interest: Sequence[int]) -> Optional[_Article]:
    """An article of the catalogue meeting the statute, article-number and category wants."""
    sw = wants.get("statute") or _Want()
    statutes = [s for s in catalogue.statutes if sw.allows(s)]
    if not statutes:
        return None
    aw = wants.get("article_num") or _Want()
    extra: set[int] = set()
    if aw.fixed:
        extra.add(aw.eq)
    for bound in (aw.lo, aw.hi):
        if bound is not None and 0 <= bound <= 9999:
            extra.add(bound)
    if aw.lo is not None and aw.hi is not None and 0 <= aw.lo <= aw.hi <= 9999:
        extra.add(_between(draw, aw.lo, aw.hi))
    if sw.fixed and not aw.fixed and aw.lo is None and aw.hi is None:
        # The decree's own article numbers, for the statute it names.
        extra |= {n for n in numbers_of_interest if 0 < n < 10000}
    cat_need = {f[len("cat__"):] for f, w in wants.items() if f.startswith("cat__") and w.fixed and w.eq is True}
    cat_ban = {f[len("cat__"):] for f, w in wants.items()
               if f.startswith("cat__") and (w.present is False or any(_same(v, True) for v in w.ne))}
    if any(f.startswith("cat__") and w.fixed and w.eq is not True for f, w in wants.items()):
        return None  # a category field is only ever present as True
    pool: list[_Article] = []
    for s in statutes:
        candidates = list(_catalogued(catalogue, s)) + [_article(catalogue, s, n) for n in sorted(extra)]
        for art in candidates:
            if aw.allows(art.number) and cat_need <= art.categories and not (cat_ban & art.categories):
                pool.append(art)
    if not pool:
        return None
    chosen: _Article = _pick(draw, pool)
    return chosen


_PARAGRAPHS = ("1", "2", "3", "a", "b")


