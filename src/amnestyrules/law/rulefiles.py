"""Decree rule files (rules/decrees/<ID>.yaml) -> :class:`~amnestyrules.model.Decree`.

The format is documented in docs/rule-format.md and schemas/decree.schema.json. The loader
is strict: every field is checked, unknown fields are refused with a 'did you mean', every
provision and exclusion must cite an article, and a file that contradicts itself (a cutoff
after the issue date, a fraction above 1, a provision that excludes exactly what it covers)
is refused with the file and field named.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from dateutil.relativedelta import relativedelta

from amnestyrules.errors import DecreeConflictError
from amnestyrules.facts import CHARGE_FACTS
from amnestyrules.law.catalogue import Catalogue
from amnestyrules.law.fields import fact_field
from amnestyrules.law.ids import first_lookalike, rule_id
from amnestyrules.law.model import (
    CONFIDENCE,
    CUTOFF_RULES,
    DECREE_KINDS,
    NATIONALITIES,
    Benefit,
    Citation,
    Commutation,
    Condition,
    Decree,
    Effect,
    Exclusion,
    Provision,
    Revision,
)
from amnestyrules.law.predicates import Cmp, Eq, Exists, FalsePred, In, Not, Predicate, all_of, any_of
from amnestyrules.law.selectors import MATCH_KEYS, SelectorReader, Spans, listed_spans
from amnestyrules.loading import Node

DECREE_FIELDS = ("schema_version", "id", "number", "year", "kind", "title", "summary", "issued", "in_force",
                 "cutoff", "confidence", "sources", "open_questions", "personal_right", "extends",
                 "exclusions", "provisions", "effects", "revisions", "notes")
PROVISION_FIELDS = ("id", "article", "paragraph", "sources", "summary", "applies_to", "benefit", "conditions",
                    "exclusions", "offence_before", "offence_from", "confidence", "open_questions", "categories", "effects",
                    "notes")
EFFECT_FIELDS = ("kind", "text", "article", "paragraph", "instrument", "sources", "notes")
EFFECT_KINDS = ("automatic_application", "warrants_cancelled", "record_cleared", "fines_remain",
                "civil_rights_restored", "other")
REVISION_FIELDS = ("date", "change", "sources")
EXCLUSION_FIELDS = ("id", "article", "paragraph", "sources", "reason", "when", "provisions", "confidence",
                    "open_questions", "notes")
CONDITION_KINDS = ("surrender", "hostage_release", "victim_waiver", "settlement", "min_age_at_issue",
                   "max_age_at_offence", "incurable_illness", "final_judgment", "nationality", "fact")
CONDITION_FIELDS = ("kind", "article", "paragraph", "within", "from", "whereabouts", "fugitives_only", "years", "when",
                    "claim_window", "fact", "value", "values", "text", "notes")
AT_LARGE = ("at_large_in_syria", "at_large_abroad")


def cutoff_predicate(cutoff: dt.date, rule: str) -> Predicate:
    """The offence-date test: strictly before, or on or before, the cutoff."""
    op = "<" if rule == "before" else "<="
    return Cmp("offence_day", op, cutoff.toordinal())


class _DecreeReader:
    def __init__(self, node: Node, catalogue: Catalogue) -> None:
        self.node = node
        self.catalogue = catalogue
        self.selectors = SelectorReader(catalogue)
        self.decree_id = ""
        self.sources: tuple[str, ...] = ()
        self.issued = dt.date(2000, 1, 1)
        self.in_force: Optional[dt.date] = None
        self.provision_ids: list[str] = []

    # ---------------------------------------------------------------- top level
    def read(self) -> Decree:
        n = self.node.mapping(allowed=DECREE_FIELDS,
                              required=("id", "number", "year", "kind", "title", "issued", "cutoff",
                                        "confidence", "sources", "provisions"))
        self.decree_id = n.get("id").str() or ""
        number = n.get("number").int(minimum=1, maximum=9999) or 0
        year = n.get("year").int(minimum=1946, maximum=2100) or 0
        if self.decree_id != f"LD-{number}-{year}":
            raise n.get("id").error(f"the id LD-{number}-{year} (from number and year)", self.decree_id)
        self.sources = tuple(self._sources(n.get("sources"), required=True))
        self.issued = n.get("issued").date()
        if self.issued.year != year:
            raise n.get("issued").error(f"a date in {year} (the decree's year)", str(self.issued))
        self.in_force = n.get("in_force").date(required=False)
        if self.in_force is not None and self.in_force < self.issued:
            raise DecreeConflictError(n.file, "in_force", f"an entry into force on or after the issue date "
                                      f"{self.issued}", str(self.in_force))
        title = n.get("title").mapping(allowed=("en", "ar"), required=("en", "ar"))
        cut = n.get("cutoff").mapping(allowed=("date", "rule", "article", "paragraph", "from", "notes"),
                                      required=("date", "rule", "article"))
        cutoff = cut.get("date").date()
        if cutoff > self.issued:
            raise DecreeConflictError(n.file, "cutoff.date", f"a cutoff on or before the issue date {self.issued}",
                                      str(cutoff))
        cutoff_rule = cut.get("rule").enum(CUTOFF_RULES) or "before"
        window_start = cut.get("from").date(required=False)
        if window_start is not None and window_start >= cutoff:
            raise DecreeConflictError(n.file, "cutoff.from", f"a window start before the cutoff {cutoff}",
                                      str(window_start))
        cutoff_citation = Citation(self.decree_id, cut.get("article").written("an article"),
                                   cut.get("paragraph").written("a paragraph", required=False), self.sources)
        provisions_nodes = n.get("provisions").list()
        if not provisions_nodes:
            raise n.get("provisions").error("at least one provision")
        self.provision_ids = []
        for p in provisions_nodes:
            p.mapping()
            pid = rule_id(p.get("id"))
            same = first_lookalike(self.provision_ids + [pid])
            if same is not None:
                raise p.get("id").error("a provision id used once in the file", pid,
                                        None if same[2] == pid else f"it reads as {same[2]!r}")
            self.provision_ids.append(pid)
        exclusions = tuple(self._exclusion(x, wide=True) for x in n.get("exclusions").list())
        _unique([x.id for x in exclusions], n.get("exclusions"))
        provisions = tuple(self._provision(p, exclusions) for p in provisions_nodes)
        pr = n.get("personal_right")
        personal_right = ""
        if pr.value is not None:
            pr.mapping(allowed=("en", "ar", "article", "paragraph"), required=("en",))
            personal_right = pr.get("en").str() or ""
        extends = n.get("extends").str(required=False)
        summary = n.get("summary")
        summary_en = ""
        if summary.value is not None:
            summary.mapping(allowed=("en", "ar"), required=("en",))
            summary_en = summary.get("en").str() or ""
        effects = tuple(self._effect(e) for e in n.get("effects").list())
        revisions = tuple(self._revision(r) for r in n.get("revisions").list())
        return Decree(
            id=self.decree_id, number=number, year=year, kind=n.get("kind").enum(DECREE_KINDS) or "",
            title_en=title.get("en").str() or "", title_ar=title.get("ar").str() or "",
            issued=self.issued, in_force=self.in_force, cutoff=cutoff, cutoff_rule=cutoff_rule,
            cutoff_citation=cutoff_citation, provisions=provisions, exclusions=exclusions,
            confidence=n.get("confidence").enum(CONFIDENCE) or "low",
            open_questions=tuple(n.get("open_questions").str_list()), sources=self.sources,
            personal_right_en=personal_right, extends=extends, source_file=n.file, summary_en=summary_en,
            window_start=window_start, effects=effects, revisions=revisions)

    def _effect(self, e: Node) -> Effect:
        """An effect cites the decree's article, or the implementing instrument with its own sources."""
        e.mapping(allowed=EFFECT_FIELDS, required=("kind", "text"))
        text = e.get("text").mapping(allowed=("en", "ar"), required=("en", "ar"))
        instrument = e.get("instrument").str(required=False)
        if not e.has("article") and instrument is None:
            raise e.error("an article of the decree, or an instrument (e.g. a ministry circular) with sources")
        own = tuple(self._sources(e.get("sources"), required=instrument is not None))
        citation = Citation(self.decree_id, e.get("article").written("an article", required=False) or instrument,
                            e.get("paragraph").written("a paragraph", required=False), own or self.sources)
        return Effect(e.get("kind").enum(EFFECT_KINDS) or "other", text.get("en").str() or "",
                      text.get("ar").str() or "", citation, instrument)

    def _revision(self, r: Node) -> Revision:
        r.mapping(allowed=REVISION_FIELDS, required=("date", "change"))
        return Revision(r.get("date").date(), r.get("change").str() or "", tuple(r.get("sources").str_list()))

    def _sources(self, node: Node, required: bool) -> list[str]:
        values = node.str_list()
        if required and not values:
            raise node.error("at least one source URL or reference")
        return values

    def _citation(self, node: Node) -> Citation:
        article = node.get("article").written("an article")
        paragraph = node.get("paragraph").written("a paragraph", required=False)
        own = tuple(self._sources(node.get("sources"), required=False))
        return Citation(self.decree_id, article, paragraph, own or self.sources)

    # ---------------------------------------------------------------- provisions
    def _provision(self, p: Node, exclusions: tuple[Exclusion, ...]) -> Provision:
        p.mapping(allowed=PROVISION_FIELDS, required=("id", "article", "summary", "applies_to", "benefit"))
        pid = rule_id(p.get("id"))
        citation = self._citation(p)
        summary = p.get("summary").mapping(allowed=("en", "ar"), required=("en", "ar"))
        benefit = self._benefit(p.get("benefit"))
        selector = self.selectors.match(p.get("applies_to"))
        if benefit.kind == "commutation":
            kinds = tuple(k for c in benefit.commutations for k in c.from_kinds)
            selector = all_of(selector, In("penalty", kinds))
        before = p.get("offence_before")
        if before.value is not None:
            before.mapping(allowed=("date", "rule"), required=("date", "rule"))
            selector = all_of(selector, cutoff_predicate(before.get("date").date(),
                                                         before.get("rule").enum(CUTOFF_RULES) or "before"))
        since = p.get("offence_from")
        if since.value is not None:
            since.mapping(allowed=("date",), required=("date",))
            selector = all_of(selector, Cmp("offence_day", ">=", since.get("date").date().toordinal()))
        confidence = p.get("confidence").enum(CONFIDENCE, required=False,
                                              default=self.node.get("confidence").value) or "low"
        open_questions: tuple[str, ...] = tuple(p.get("open_questions").str_list())
        if not citation.article or not citation.article[:1].isdigit():
            if confidence == "high" or not open_questions:
                raise p.get("article").error(
                    "an article number, or (for an unconfirmed number) confidence medium/low with open_questions",
                    citation.article)
        conditions = tuple(self._condition(c, citation) for c in p.get("conditions").list())
        own = tuple(self._exclusion(x, wide=False) for x in p.get("exclusions").list())
        _unique([x.id for x in own], p.get("exclusions"))
        provision = Provision(
            id=pid, citation=citation, summary_en=summary.get("en").str() or "",
            summary_ar=summary.get("ar").str() or "", selector=selector, benefit=benefit,
            conditions=conditions, exclusions=own, confidence=confidence, open_questions=open_questions,
            categories=tuple(self.selectors.category_list(p.get("categories"))),
            effects=tuple(self._effect(e) for e in p.get("effects").list()))
        self._check_contradiction(p, provision, exclusions)
        return provision

    def _benefit(self, node: Node) -> Benefit:
        v = node.value
        if isinstance(v, str):
            kind = node.enum(("full", "measure"))
            return Benefit(kind or "full")
        node.mapping(allowed=("fraction", "commutation"))
        if node.has("fraction"):
            f = node.get("fraction")
            if isinstance(f.value, str) and f.value.strip() == "unconfirmed":
                return Benefit("fraction", None)
            return Benefit("fraction", f.fraction())
        if node.has("commutation"):
            subs = []
            for c in node.get("commutation").list():
                c.mapping(allowed=("from", "to", "years"), required=("from", "to"))
                kinds = tuple(self.selectors.penalty(k) for k in c.get("from").list()) if isinstance(c.get("from").value, list) \
                    else (self.selectors.penalty(c.get("from")),)
                subs.append(Commutation(kinds, self.selectors.penalty(c.get("to")), c.get("years").number(required=False,
                                                                                                 minimum=0, maximum=99)))
            if not subs:
                raise node.get("commutation").error("at least one substitution {from, to}")
            return Benefit("commutation", None, tuple(subs))
        raise node.error("full, measure, {fraction: 1/3} or {commutation: [...]}", v)

    # ---------------------------------------------------------------- exclusions
    def _exclusion(self, x: Node, wide: bool) -> Exclusion:
        x.mapping(allowed=EXCLUSION_FIELDS, required=("id", "article", "reason", "when"))
        reason = x.get("reason").mapping(allowed=("en", "ar"), required=("en", "ar"))
        applies: Optional[tuple[str, ...]] = None
        if x.has("provisions"):
            if not wide:
                raise x.get("provisions").error("no 'provisions' on a provision's own exclusion")
            ids: list[str] = x.get("provisions").str_list()
            for i, pid in enumerate(ids):
                if pid not in self.provision_ids:
                    from amnestyrules.errors import did_you_mean
                    raise x.get("provisions").error("provision ids of this file", pid,
                                                    did_you_mean(pid, self.provision_ids), key=i)
            applies = tuple(ids)
        confidence = x.get("confidence").enum(CONFIDENCE, required=False,
                                              default=self.node.get("confidence").value) or "low"
        citation = self._citation(x)
        if not citation.article or not citation.article[:1].isdigit():
            if confidence == "high" or not x.get("open_questions").str_list():
                raise x.get("article").error(
                    "an article number, or (for an unconfirmed number) confidence medium/low with open_questions",
                    citation.article)
        return Exclusion(id=rule_id(x.get("id")), citation=citation,
                         reason_en=reason.get("en").str() or "", reason_ar=reason.get("ar").str() or "",
                         when=self.selectors.match(x.get("when")), applies_to=applies, confidence=confidence)

    def _check_contradiction(self, p: Node, provision: Provision, wide: tuple[Exclusion, ...]) -> None:
        """A provision whose own listed articles are all excluded again is a contradiction."""
        covered = listed_spans(p.get("applies_to"))
        if not covered:
            return
        candidates: list[tuple[str, Node]] = []
        for i, x in enumerate(p.get("exclusions").list()):
            candidates.append((f"{p.path}.exclusions[{i}]", x.get("when")))
        for i, x in enumerate(self.node.get("exclusions").list()):
            pids = x.get("provisions").str_list() if x.has("provisions") else None
            if pids is None or provision.id in pids:
                candidates.append((f"exclusions[{i}]", x.get("when")))
        for where, when in candidates:
            if not isinstance(when.value, dict) or set(when.value) != {"statutes"}:
                continue
            excluded = Spans(listed_spans(when))
            for statute, span in covered:
                if excluded.contain(statute, span):
                    raise DecreeConflictError(
                        p.file, f"{p.path}.applies_to",
                        "a provision that does not exclude what it covers",
                        f"{statute} {span.text}", hint=f"excluded again by {where}")

    # ---------------------------------------------------------------- conditions
    def _condition(self, c: Node, provision_citation: Citation) -> Condition:
        c.mapping(allowed=CONDITION_FIELDS, required=("kind",))
        kind = c.get("kind").enum(CONDITION_KINDS) or ""
        article = c.get("article").written("an article", required=False)
        paragraph = c.get("paragraph").written("a paragraph", required=False) if c.has("article") \
            else provision_citation.paragraph
        citation = Citation(self.decree_id, article or provision_citation.article, paragraph,
                            provision_citation.sources)
        text = c.get("text")
        text_en = text_ar = ""
        if text.value is not None:
            text.mapping(allowed=("en", "ar"), required=("en",))
            text_en, text_ar = text.get("en").str() or "", text.get("ar").str(required=False) or ""
        deadline: Optional[dt.date] = None
        dated: Optional[Predicate] = None
        met: Predicate
        pending: Predicate = FalsePred()
        if kind == "surrender" and c.get("within").value == "unknown":
            # The decree sets a deadline the research could not find: whether a surrender after the
            # decree was in time is the charge fact surrendered_in_time, which the lawyer must answer.
            who = tuple(w.enum(AT_LARGE) or "" for w in c.get("whereabouts").list()) \
                if c.has("whereabouts") else AT_LARGE
            surrendered = Exists("surrendered_day")
            met = any_of(all_of(surrendered, Eq(fact_field("surrendered_in_time"), True)),
                         all_of(Not(surrendered), Not(In("whereabouts", who))))
            pending = all_of(In("whereabouts", who), Not(surrendered))
            text_en = text_en or "surrender within the decree's deadline (not known)"
            text_ar = text_ar or "تسليم النفس خلال المهلة المحددة في المرسوم"
        elif kind in ("surrender", "hostage_release"):
            deadline = self._deadline(c)
            dl = deadline.toordinal()
            in_time = any_of(Not(Exists("as_of_day")), Cmp("as_of_day", "<=", dl))
            if kind == "surrender":
                who = tuple(w.enum(AT_LARGE) or "" for w in c.get("whereabouts").list()) \
                    if c.has("whereabouts") else AT_LARGE
                fugitive = In("whereabouts", who)
                surrendered = Exists("surrendered_day")
                in_time_surrender = Cmp("surrendered_day", "<=", dl)
                # fugitives_only: the benefit exists only for one who surrenders (a person arrested
                # without surrendering gets nothing); otherwise the condition concerns fugitives only
                # and a person in custody who never fled meets it.
                met = in_time_surrender if c.get("fugitives_only").bool(default=False) else \
                    any_of(in_time_surrender, all_of(Not(surrendered), Not(fugitive)))
                pending = all_of(fugitive, Not(surrendered), in_time)
                text_en = text_en or f"surrender by {deadline.isoformat()}"
                text_ar = text_ar or f"تسليم النفس قبل {deadline.isoformat()}"
            else:
                met = Cmp("hostage_released_day", "<=", dl)
                pending = all_of(Not(Exists("hostage_released_day")), in_time)
                text_en = text_en or f"free the kidnapped person safely by {deadline.isoformat()}"
                text_ar = text_ar or f"تحرير المخطوف بصورة آمنة قبل {deadline.isoformat()}"
        elif kind == "victim_waiver":
            guard = self.selectors.match(c.get("when")) if c.has("when") else Eq(fact_field("personal_harm"), True)
            waived = Eq(fact_field("victim_waived"), True)
            if c.has("claim_window"):
                # A victim who has not filed has a window to do so; the benefit applies once the
                # window has passed with no claim. Until then it waits (pending, by the window's end).
                deadline = self._deadline(c, "claim_window")
                no_claim = Eq(fact_field("claim_filed"), False)
                window_passed = Cmp("as_of_day", ">", deadline.toordinal())
                met = any_of(Not(guard), waived, all_of(no_claim, window_passed))
                pending = all_of(guard, Not(waived), Not(all_of(no_claim, window_passed)))
                dated = Not(Eq(fact_field("claim_filed"), True))
                text_en = text_en or f"the victim drops the personal right, or files no claim by {deadline}"
                text_ar = text_ar or f"إسقاط المتضرر حقه الشخصي أو عدم إقامته الدعوى قبل {deadline}"
            else:
                met = any_of(Not(guard), waived)
                pending = all_of(guard, Not(waived))
            text_en = text_en or "the victim drops the personal right"
            text_ar = text_ar or "إسقاط المتضرر حقه الشخصي"
        elif kind == "settlement":
            met = Eq(fact_field("settlement_paid"), True)
            pending = Not(met)
            text_en = text_en or "pay the sums adjudged / settle with the administration"
            text_ar = text_ar or "تسديد المبالغ المحكوم بها أو إجراء التسوية"
        elif kind == "min_age_at_issue":
            years = c.get("years").int(minimum=1, maximum=120) or 0
            met = Cmp("age_at_issue", ">=", years)
            text_en = text_en or f"aged {years} or more on the date of the decree"
            text_ar = text_ar or f"بلوغ {years} عاماً بتاريخ صدور المرسوم"
        elif kind == "max_age_at_offence":
            years = c.get("years").int(minimum=1, maximum=120) or 0
            met = Cmp("age_at_offence", "<", years)
            text_en = text_en or f"under {years} when the offence was committed"
            text_ar = text_ar or f"دون {years} عاماً وقت ارتكاب الجرم"
        elif kind == "incurable_illness":
            met = Eq("person__incurable_illness", True)
            text_en = text_en or "suffering from an incurable illness"
            text_ar = text_ar or "مصاب بمرض عضال"
        elif kind == "final_judgment":
            met = all_of(In("stage", ("convicted", "convicted_in_absentia")), Eq(fact_field("final_judgment"), True))
            text_en = text_en or "convicted by a final judgment"
            text_ar = text_ar or "صدور حكم مبرم"
        elif kind == "nationality":
            values = tuple(v.enum(NATIONALITIES[:2]) or "" for v in c.get("values").list()) or ("syrian",)
            met = In("nationality", values)
            text_en = text_en or f"nationality: {', '.join(values)}"
            text_ar = text_ar or "الجنسية السورية"
        else:  # fact, optionally something still to be done by a deadline (hand over a weapon)
            name = self.selectors.fact_name(c.get("fact"))
            value = c.get("value").bool(default=True)
            met = Eq(fact_field(name), value)
            if c.has("within"):
                deadline = self._deadline(c)
                pending = all_of(Not(met), any_of(Not(Exists("as_of_day")),
                                               Cmp("as_of_day", "<=", deadline.toordinal())))
            text_en = text_en or f"{name} is {str(value).lower()}" + (f" by {deadline}" if deadline else "")
            text_ar = text_ar or CHARGE_FACTS[name][1]
        return Condition(kind, citation, text_en, text_ar, met, pending, deadline, dated)

    def _deadline(self, c: Node, key: str = "within") -> dt.date:
        within = c.get(key).mapping(allowed=("months", "days", "until"))
        origin_kind = c.get("from").enum(("issue", "in_force"), required=False, default="issue")
        origin = self.issued
        if origin_kind == "in_force":
            if self.in_force is None:
                raise c.get("from").error("in_force set at the top of the file when a deadline counts from it")
            origin = self.in_force
        if within.has("until"):
            return within.get("until").date()
        months = within.get("months").int(required=False, minimum=1, maximum=120)
        days = within.get("days").int(required=False, minimum=1, maximum=3650)
        if months is None and days is None:
            raise within.error("months, days or until")
        if months is not None and days is not None:
            raise within.error("either months or days, not both (the decree counts in one unit)")
        # Calendar arithmetic (relativedelta clips to the month's end: 31 Jan + 1 month = 28/29 Feb).
        return origin + relativedelta(months=months or 0, days=days or 0)

def _unique(ids: list[str], node: Node) -> None:
    same = first_lookalike(ids)
    if same is not None:
        i, x, earlier = same
        raise node.error("ids used once", x, None if x == earlier else f"it reads as {earlier!r}", key=i)


__all__ = ["AT_LARGE", "CONDITION_KINDS", "MATCH_KEYS", "cutoff_predicate", "load_decree"]


def load_decree(node: Node, catalogue: Catalogue) -> Decree:
    """Build a Decree from a parsed rule file (see module docstring)."""
    return _DecreeReader(node, catalogue).read()
