"""Releases reported under each decree (monitors' counts, officials' announcements), to set beside
the population a decree's text would free. The figures live in ``reported_releases.yaml``, taken
from the research dossier with what each figure counts and its sources."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from importlib import resources
from typing import Optional

import attrs

from amnestyrules.loading import Node, parse_text


@attrs.frozen
class ReportedRelease:
    decree: str
    figure: Optional[int]          # None: the source gives no number ("several hundred")
    counts: str                    # what the figure counts: documented releases, an announcement...
    counts_ar: str
    who: str
    text: str
    sources: tuple[str, ...]
    by: Optional[dt.date] = None

    def counts_in(self, lang: str) -> str:
        return self.counts_ar if lang == "ar" else self.counts


@lru_cache(maxsize=1)
def reported_releases() -> dict[str, ReportedRelease]:
    """Decree id -> what was reported (only decrees the dossier gives a report for)."""
    name = "reported_releases.yaml"
    text = resources.files("amnestyrules.population").joinpath(name).read_text(encoding="utf-8")
    node = Node(parse_text(text, name), name)
    node.mapping(allowed=("schema_version", "reports"), required=("reports",))
    out: dict[str, ReportedRelease] = {}
    for r in node.get("reports").list():
        r.mapping(allowed=("decree", "figure", "counts", "counts_ar", "by", "who", "text", "sources"),
                  required=("decree", "counts", "counts_ar", "who", "text", "sources"))
        decree = r.get("decree").str() or ""
        out[decree] = ReportedRelease(decree, r.get("figure").int(required=False, minimum=0),
                                      r.get("counts").str() or "", r.get("counts_ar").str() or "",
                                      r.get("who").str() or "",
                                      r.get("text").str() or "", tuple(r.get("sources").str_list()),
                                      r.get("by").date(required=False))
    return out
