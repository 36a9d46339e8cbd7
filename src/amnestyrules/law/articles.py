"""Article references: '285', '103(4)', '7/1', '556 bis', '304-306'.

Decrees cite offences by statute and article, sometimes down to a paragraph. Charge sheets
write them in several ways; this module is the one place that reads them.
"""

from __future__ import annotations

import re
from typing import Optional

import attrs

_ARTICLE = re.compile(r"^\s*(\d{1,4})\s*(bis|ter|mukarrar|مكرر)?\s*(?:\((\w{1,4})\)|/(\w{1,4}))?\s*$", re.I)
_RANGE = re.compile(r"^\s*(\d{1,4})\s*-\s*(\d{1,4})\s*$")


@attrs.frozen
class ArticleRef:
    """A parsed article: number, optional suffix ('bis'), optional paragraph."""

    number: int
    suffix: str = ""
    paragraph: Optional[str] = None

    @property
    def text(self) -> str:
        base = f"{self.number}{' ' + self.suffix if self.suffix else ''}"
        return f"{base}({self.paragraph})" if self.paragraph else base


def parse_article(text: str) -> Optional[ArticleRef]:
    """Parse '285', '103(4)', '7/1', '556 bis'; None when it is not an article reference."""
    m = _ARTICLE.match(str(text))
    if not m:
        return None
    suffix = (m.group(2) or "").lower()
    if suffix in ("mukarrar", "مكرر"):
        suffix = "bis"
    return ArticleRef(int(m.group(1)), suffix, m.group(3) or m.group(4))


@attrs.frozen
class ArticleSpan:
    """What a rule file may name: one article (optionally one paragraph) or a range."""

    first: int
    last: int
    paragraph: Optional[str] = None
    suffix: str = ""

    @property
    def text(self) -> str:
        if self.first != self.last:
            return f"{self.first}-{self.last}"
        base = f"{self.first}{' ' + self.suffix if self.suffix else ''}"
        return f"{base}({self.paragraph})" if self.paragraph else base


def parse_span(text: str) -> Optional[ArticleSpan]:
    m = _RANGE.match(str(text))
    if m:
        first, last = int(m.group(1)), int(m.group(2))
        if first > last:
            return None
        return ArticleSpan(first, last)
    ref = parse_article(text)
    if ref is None:
        return None
    return ArticleSpan(ref.number, ref.number, ref.paragraph, ref.suffix)
