"""English and Arabic strings, read from the single catalogue messages/messages.yaml.

Code never spells a user-facing sentence: it names a message and passes parameters. Values
that come from the engine in English (a ruling id, a cutoff rule, a statute id, a citation)
are put into the reader's language here, so a template only places them.

Arabic lines shown in a terminal or in markdown go through :func:`bidi_line`: a right-to-left
mark opens the line (the paragraph reads right to left) and each run of Latin letters and
digits - a decree id, an article such as ``1(a)``, a date - is wrapped in a left-to-right
isolate, so "LD-7-2022" or "Art. 1(a)" keeps its own order inside the Arabic sentence.
JSON carries the plain text, without marks.
"""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Optional

import yaml

from amnestyrules.analysis.sentencing import split_term
from amnestyrules.engine.answers import Reason
from amnestyrules.law.model import Benefit, Citation

if TYPE_CHECKING:
    from amnestyrules.law.catalogue import Catalogue

LANGS = ("en", "ar")

RLM = "\u200f"   # RIGHT-TO-LEFT MARK: a strong RTL character that sets the line's direction
LRI = "\u2066"   # LEFT-TO-RIGHT ISOLATE: opens a run laid out left to right, isolated from its neighbours
PDI = "\u2069"   # POP DIRECTIONAL ISOLATE: closes it


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Any]:
    text = resources.files("amnestyrules.present").joinpath("messages/messages.yaml").read_text(encoding="utf-8")
    # The shipped catalogue is plain data: libyaml's safe loader reads it as the pure-Python one does, ten times faster.
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fmt(template: str, params: Mapping[str, object]) -> str:
    clean = {k: ("" if v is None else v) for k, v in params.items()}
    return template.format_map(_Missing(clean))


_ID_PARAMS = ("charge", "profile")


def message(path: str, lang: str = "en", **params: object) -> str:
    """The message at a dotted ``path`` of the catalogue (e.g. 'timeline.result_held'), filled in."""
    entry: Any = catalogue()
    for part in path.split("."):
        entry = entry[part]
    if lang == "ar":
        params = {k: isolate_id(str(v), lang) if k in _ID_PARAMS and isinstance(v, str) else v
                  for k, v in params.items()}
    return _fmt(entry[lang], params)


def ruling_label(ruling: str, lang: str = "en") -> str:
    return catalogue()["rulings"][ruling][lang]


def outcome_label(outcome: str, lang: str = "en") -> str:
    return catalogue()["outcomes"][outcome][lang]


def later_note(decree: str, issued: dt.date, as_of: Optional[dt.date], lang: str) -> str:
    """A note for an answer about a decree that did not yet exist on the day of the question
    (asked for by name): its answer is a hypothetical, and every rendering must say so. '' otherwise."""
    if as_of is None or as_of >= issued:
        return ""
    return message("summary.notice", lang, text=message("summary.issued_after", lang, decree=decree_short(decree, lang),
                                                        issued=issued.isoformat(), date=as_of.isoformat()))


def confidence_label(level: str, lang: str = "en") -> str:
    entry = catalogue()["confidence"].get(level)
    return entry[lang] if entry else level


def join(items: Iterable[str], lang: str = "en") -> str:
    return message("labels.list_separator", lang).join(items)


def join_ids(ids: Iterable[str], lang: str = "en") -> str:
    """A list of charge ids, each kept whole in Arabic text."""
    return join((isolate_id(i, lang) for i in ids), lang)


# ------------------------------------------------------------------------- names

def decree_parts(decree_id: str) -> tuple[str, str]:
    """(number, year) of an id such as LD-7-2022 (the id's own spelling otherwise)."""
    m = re.fullmatch(r"LD-(\d+)-(\d{4})", decree_id)
    return (m.group(1), m.group(2)) if m else (decree_id, "")


def decree_short(decree_id: str, lang: str = "en") -> str:
    number, year = decree_parts(decree_id)
    return message("citation.decree_short", lang, id=decree_id, number=number, year=year) if year else decree_id


def decree_name(decree_id: str, lang: str = "en") -> str:
    number, year = decree_parts(decree_id)
    return message("citation.decree_name", lang, id=decree_id, number=number, year=year) if year else decree_id


#: Paragraph letters of Syrian legislation in their order (the abjad order: أ ب ج د هـ و ز ح ط ي
#: ...). Rule files write a paragraph with the Latin letter of the same rank ('a' for أ, 'e' for
#: هـ, 'i' for ط: LD-61-2011 Art. 1(i) is the decree's الفقرة ط), so Arabic output shows the letter
#: the decree itself prints.
ABJAD = ("أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط", "ي", "ك", "ل", "م", "ن", "س", "ع", "ف", "ص", "ق", "ر",
         "ش", "ت", "ث", "خ", "ذ", "ض")
_LATIN_PARAGRAPH = dict(zip("abcdefghijklmnopqrstuvwxyz", ABJAD))


def paragraph_label(paragraph: str, lang: str = "en") -> str:
    """A paragraph as the decree writes it: a single letter a-z in the Arabic of its rank, digits as they are."""
    if lang == "ar":
        return _LATIN_PARAGRAPH.get(paragraph.strip().lower(), paragraph) if len(paragraph.strip()) == 1 else paragraph
    return paragraph


def citation_label(c: Citation, lang: str = "en") -> str:
    """'Art. 1(a)' / 'المادة 1 (أ)'; an unconfirmed locator as written."""
    if c.article is None:
        return decree_short(c.decree, lang)
    confirmed = c.article[:1].isdigit()
    if c.paragraph:
        key = "article_paragraph" if confirmed else "unconfirmed_paragraph"
    else:
        key = "article" if confirmed else "unconfirmed"
    paragraph = paragraph_label(c.paragraph, lang) if c.paragraph else c.paragraph
    return message(f"citation.{key}", lang, article=c.article, paragraph=paragraph)


def citation_text(c: Citation, lang: str = "en") -> str:
    """A citation in brackets: '[LD-7-2022 Art. 1]' / '[المرسوم 7/2022، المادة 1]'."""
    if c.article is None:
        return message("citation.bracket_decree", lang, decree=decree_short(c.decree, lang))
    return message("citation.bracket", lang, decree=decree_short(c.decree, lang), label=citation_label(c, lang))


def statute_name(statute_id: str, lang: str = "en", statutes: Optional["Catalogue"] = None) -> str:
    if statutes is None or statute_id not in statutes.statutes:
        return statute_id
    s = statutes.statutes[statute_id]
    return (s.name_ar if lang == "ar" else s.name_en) or statute_id


def offence_text(statute_id: str, article: str, lang: str = "en", statutes: Optional["Catalogue"] = None) -> str:
    return message("citation.offence", lang, statute=statute_name(statute_id, lang, statutes), article=article)


def penalty_name(kind: str, lang: str = "en", statutes: Optional["Catalogue"] = None) -> str:
    """A penalty kind in words: its Arabic name from rules/statutes.yaml, its id in English words."""
    if lang == "ar" and statutes is not None and kind in statutes.penalties and statutes.penalties[kind].ar:
        return statutes.penalties[kind].ar
    return kind.replace("-", " ")


# ------------------------------------------------------------------------- numbers

def plural_category(n: int, lang: str) -> str:
    """The CLDR plural category of ``n`` (English one/other; Arabic zero/one/two/few/many/other)."""
    if lang == "ar":
        if n == 0:
            return "zero"
        if n in (1, 2):
            return "one" if n == 1 else "two"
        if 3 <= n % 100 <= 10:
            return "few"
        if 11 <= n % 100 <= 99:
            return "many"
        return "other"
    return "one" if n == 1 else "other"


def count_text(unit: str, n: int, lang: str = "en") -> str:
    """'25 decrees', '132,000 people': the plural form the number takes, thousands separated."""
    forms = catalogue()["units"][unit][lang]
    return _fmt(forms.get(plural_category(n, lang), forms["other"]), {"n": f"{n:,}"})


def term_text(years: Fraction, lang: str = "en") -> str:
    """A term in words, split the way :func:`amnestyrules.sentencing.add_term` counts it."""
    parts = [count_text(u, n, lang) for u, n in zip(("years", "months", "days"), split_term(years)) if n]
    return message("units.join", lang).join(parts) if parts else message("units.none", lang)


def fraction_text(f: Fraction, lang: str = "en") -> str:
    entry = catalogue()["fractions"].get(f"{f.numerator}/{f.denominator}")
    return entry[lang] if entry else f"{f.numerator}/{f.denominator}"


def benefit_text(b: Benefit, lang: str = "en", statutes: Optional["Catalogue"] = None) -> str:
    """What a provision grants, in words."""
    if b.kind in ("full", "measure"):
        return message(f"benefits.{b.kind}", lang)
    if b.kind == "fraction":
        if b.fraction is None:
            return message("benefits.fraction_unconfirmed", lang)
        return message("benefits.fraction", lang, fraction=fraction_text(b.fraction, lang))
    parts = []
    for c in b.commutations:
        kinds = message("benefits.or", lang).join(penalty_name(k, lang, statutes) for k in c.from_kinds)
        to = penalty_name(c.to, lang, statutes)
        if c.years:
            parts.append(message("benefits.substitution_years", lang, to=to, term=term_text(Fraction(str(c.years)), lang),
                                 **{"from": kinds}))
        else:
            parts.append(message("benefits.substitution", lang, to=to, **{"from": kinds}))
    return message("benefits.commutation", lang, parts=message("labels.clause_separator", lang).join(parts))


# ------------------------------------------------------------------------- reasons

def _localised(reason: Reason, lang: str, statutes: Optional["Catalogue"]) -> dict[str, object]:
    """A reason's parameters in the reader's language (ids stay ids)."""
    params = dict(reason.params)
    rulings = catalogue()["rulings"]
    # The engine joins lists in English (', ' and '; '); each is joined again in the reader's language.
    # (No isolates here: JSON carries this text too; bidi_line isolates the ids in text output.)
    for key in ("facts", "charges"):
        if isinstance(params.get(key), str):
            params[key] = join(_split(str(params[key]), ", "), lang)
    if isinstance(params.get("assumption"), str):
        params["assumption"] = message("labels.clause_separator", lang).join(_split(str(params["assumption"]), "; "))
    if isinstance(params.get("questions"), str):
        params["questions"] = message("labels.clause_separator", lang).join(
            english_text(q, lang) for q in _split(str(params["questions"]), " | "))
    if isinstance(params.get("ruling"), str) and params["ruling"] in rulings:
        params["ruling"] = ruling_label(str(params["ruling"]), lang)
    if isinstance(params.get("possible"), str):
        params["possible"] = join(((ruling_label(p, lang) if p in rulings else p)
                                   for p in str(params["possible"]).split(", ") if p), lang)
    if isinstance(params.get("outcome"), str) and params["outcome"] in catalogue()["outcomes"]:
        params["outcome"] = outcome_label(str(params["outcome"]), lang)
    if isinstance(params.get("rule"), str) and params["rule"] in catalogue()["cutoff_rules"]:
        params["rule"] = catalogue()["cutoff_rules"][params["rule"]][lang]
    if isinstance(params.get("confidence"), str):
        params["confidence"] = confidence_label(str(params["confidence"]), lang)
    if isinstance(params.get("statute"), str):
        if "article" in params:
            params["offence"] = offence_text(str(params["statute"]), str(params["article"]), lang, statutes)
        params["statute"] = statute_name(str(params["statute"]), lang, statutes)
    if isinstance(params.get("decree"), str):
        params["decree"] = decree_short(str(params["decree"]), lang)
    if "provision" in params and reason.citation is not None and reason.citation.article is not None:
        params["provision"] = citation_label(reason.citation, lang)
    elif isinstance(params.get("provision"), str) and decree_parts(str(params["provision"]))[1]:
        params["provision"] = decree_short(str(params["provision"]), lang)     # a decree as a whole
    benefit = params.get("benefit")
    if isinstance(benefit, Benefit):
        params["describe"] = benefit_text(benefit, lang, statutes)
    return params


def reason_text(reason: Reason, lang: str = "en", statutes: Optional["Catalogue"] = None) -> str:
    """One reason as a sentence (its citation is rendered by the caller)."""
    entry = catalogue()["reasons"].get(reason.key)
    if entry is None:
        return reason.key
    params = _localised(reason, lang, statutes)
    if lang == "ar" and reason.key == "text" and not params.get("ar"):
        return english_text(_fmt(entry["en"], params), lang)
    return _fmt(entry[lang], params)


def _split(text: str, separator: str) -> list[str]:
    return [part for part in text.split(separator) if part]


def english_text(text: str, lang: str) -> str:
    """Text a rule file gives in English only, marked as English when shown in Arabic.

    The mark is plain text ('(بالإنكليزية) '), so JSON stays free of direction marks;
    :func:`bidi_line` keeps the English after it in one left-to-right isolate (brackets,
    quotes and any Arabic it quotes included).
    """
    return f"{message('labels.in_english', 'ar')}{text}" if lang == "ar" and text else text


# ------------------------------------------------------------------------- right-to-left

# A run that must keep left-to-right order inside Arabic: it starts with a Latin letter or a
# digit and goes on until the next Arabic letter (or a citation bracket, or a mark already placed),
# so an id, an article, a date or a whole English phrase from a rule file stays in one piece.
_ARABIC = "\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF"
#: A left-to-right run: Latin letters or digits (a command-line option's leading '--' included,
#: so that '--as-of' is isolated whole and its dashes do not drift to the other side in Arabic).
_LTR_RUN = re.compile(f"(?:--(?=[A-Za-z]))?[A-Za-z0-9][^{_ARABIC}\\[\\]\u200e\u200f\u2066-\u2069\n]*")
_TRAILING = ".,:;-=(| \t"


@lru_cache(maxsize=1)
def _english_marked() -> re.Pattern[str]:
    """English marked as such (english_text): the marker, then the English up to the next marked
    item ('؛ ' before it), a citation appended by the renderer ('  ['), or the end of the line.

    An Arabic phrase the English quotes stays inside it (an English question may quote the decree).
    """
    marker = re.escape(message("labels.in_english", "ar"))
    separator = re.escape(message("labels.clause_separator", "ar"))
    return re.compile(f"({marker})([^\n\u2066-\u2069]+?)(?={separator}{marker}|  \\[|\n|$)")


def _trim(run: str) -> str:
    """Leave sentence punctuation, an opening '(' and an unopened ')' to the surrounding Arabic text."""
    while run and (run[-1] in _TRAILING or (run[-1] == ")" and run.count(")") > run.count("("))):
        run = run[:-1]
    return run


def _unmatched_open(run: str) -> Optional[int]:
    """Where the first '(' that the run never closes stands (its text belongs to the Arabic)."""
    opened: list[int] = []
    for i, ch in enumerate(run):
        if ch == "(":
            opened.append(i)
        elif ch == ")" and opened:
            opened.pop()
    return opened[0] if opened else None


def _isolate(match: "re.Match[str]") -> str:
    run = match.group(0)
    core = _trim(run)
    tail = run[len(core):]
    cut = _unmatched_open(core)
    if cut is not None:         # '2022 (LD-7-2022' -> '2022', ' (', 'LD-7-2022', each in its place
        head = _trim(core[:cut])
        wrapped = f"{LRI}{head}{PDI}" if head else ""
        return wrapped + core[len(head):cut + 1] + _LTR_RUN.sub(_isolate, core[cut + 1:]) + tail
    return f"{LRI}{core}{PDI}{tail}" if core else run


_LEAD = re.compile(r"^(\s*(?:[-*] )?)")


def _english_isolate(match: re.Match[str]) -> str:
    run = match.group(2)
    core = run.rstrip(" \t")
    return f"{match.group(1)}{LRI}{core}{PDI}{run[len(core):]}" if core else match.group(0)


def isolate_runs(text: str) -> str:
    """``text`` with each left-to-right run in an isolate, and no mark in front (a table cell).

    Text already isolated (charge ids, see :func:`isolate_id`) is kept whole; text marked as
    English (:func:`english_text`) is isolated whole; the rest is scanned for ids, articles,
    dates and numbers.
    """
    text = _english_marked().sub(_english_isolate, text)
    parts = _ISOLATED.split(text)
    done = _ISOLATED.findall(text)
    out = _LTR_RUN.sub(_isolate, parts[0])
    for kept, rest in zip(done, parts[1:]):
        out += kept + _LTR_RUN.sub(_isolate, rest)
    return out


def bidi_line(line: str) -> str:
    """One Arabic line made safe for a terminal or markdown (see the module docstring).

    The mark goes after the indentation and a list bullet, so markdown still sees a list item.
    """
    lead = _LEAD.match(line).group(1)  # type: ignore[union-attr]
    body = line[len(lead):]
    if not body:
        return line
    return lead + RLM + isolate_runs(body)


_ISOLATED = re.compile("\u2066[^\u2069]*\u2069")


def isolate_id(identifier: str, lang: str) -> str:
    """A charge or profile id kept in one piece in Arabic text (an id may end in '-' or '.')."""
    return f"{LRI}{identifier}{PDI}" if lang == "ar" else identifier


def bidi_text(text: str, lang: str) -> str:
    """Every line of ``text`` through :func:`bidi_line` when the language is Arabic."""
    if lang != "ar":
        return text
    return "\n".join(bidi_line(line) for line in text.split("\n"))
