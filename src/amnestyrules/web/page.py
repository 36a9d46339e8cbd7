"""The page: build a charge profile, see what every decree does to it, answer the questions, print.

Server-rendered HTML: every button posts the one form (the whole profile) with an ``action``,
and the answer is a new page, so it works without JavaScript and with any assistive technology
that reads HTML forms. The few lines of static/page.js only move the focus where the answer is,
narrow the article suggestions to the chosen statute and open the print dialog.

Actions: ``evaluate``; ``add_charge``; ``remove:N``; ``answer:SUBJECT=VALUE`` (a yes/no
question) or ``answer:SUBJECT`` with the value in the field ``answer-SUBJECT`` (a date, a
class, a penalty); ``lang:en|ar``; ``print``; ``export:yaml|json``; ``import`` (the file in
``import_file``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, Optional

import attrs
import yaml
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.datastructures import UploadFile

from amnestyrules.analysis.compare import compare
from amnestyrules.case.profiles import load_profile
from amnestyrules.engine.budget import Budget
from amnestyrules.engine.evaluate import evaluate_all
from amnestyrules.errors import InputError
from amnestyrules.loading import MAX_FILE_BYTES, Node, parse_date
from amnestyrules.present.i18n import LANGS
from amnestyrules.web import form as forms
from amnestyrules.web.bodies import parse_bytes
from amnestyrules.web.errors import status_of
from amnestyrules.web.options import cannot_involve, page_options
from amnestyrules.web.view import VERSION, Results, bidi, results, t
from amnestyrules.web.work import check_budget

router = APIRouter(include_in_schema=False)

_ENV = Environment(loader=PackageLoader("amnestyrules.web", "templates"), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True)
TEMPLATES = Jinja2Templates(env=_ENV)
#: What the page calls a profile it checks, where the command line names the file.
PAGE = "page"


@attrs.frozen
class ErrorLine:
    """An input error as the page shows it: one line, and the form field it concerns."""

    line: str
    field: Optional[str]


def _error(exc: InputError) -> ErrorLine:
    line = exc.message.removeprefix(f"{PAGE}: ") if exc.file == PAGE else exc.message
    return ErrorLine(line, forms.field_id(exc.field) if exc.file == PAGE else None)


def _render(request: Request, form: forms.ProfileForm, lang: str, *, as_of: str = "",
            answers: Optional[Results] = None, error: Optional[InputError] = None, focus: Optional[str] = None,
            template: str = "page.html", status: int = 200, **extra: Any) -> HTMLResponse:
    service = request.app.state.service
    context: dict[str, Any] = {
        "form": form, "lang": lang, "as_of": as_of, "results": answers, "focus": focus,
        "error": _error(error) if error is not None else None, "version": VERSION,
        "options": page_options(service.corpus.catalogue, lang),
        "not_asked": [cannot_involve(service.corpus.catalogue, c.statute, c.article) for c in form.charges],
        # Every string of the page keeps its left-to-right runs (ids, dates, '556 bis') whole in Arabic.
        "t": lambda key, **params: bidi(t(key, lang, **params), lang), "bidi": lambda text: bidi(text, lang),
        "carry": lambda value: json.dumps(value, ensure_ascii=False) if value else "",
        "today": dt.date.today().isoformat(), **extra}
    return TEMPLATES.TemplateResponse(request, template, context, status_code=status)


async def _evaluate(request: Request, form: forms.ProfileForm, as_of: str, lang: str) -> Results:
    """The form's profile against every decree, on the engine thread, under the request's budget
    (the comparison that picks the closest decree has an allowance of its own)."""
    corpus, engine = request.app.state.service.corpus, request.app.state.service.engine
    day = parse_date(as_of, Node(as_of, PAGE, "as_of")) if as_of else None
    data = forms.to_data(form)

    def job(budget: Budget) -> Results:
        profile = load_profile(data, corpus.catalogue, PAGE)
        # The page shows every explanation: the reference builds them faster than the compiled
        # path, which would build each with the reference and then check it (web/api.py BACKEND).
        outcomes = evaluate_all(profile, corpus=corpus, as_of=day, budget=budget, backend="python")
        check_budget(budget, profile, PAGE)
        second = Budget(leaves=budget.leaves)
        comparison = compare(profile, corpus, as_of=day, budget=second)
        check_budget(second, profile, PAGE)
        return results(profile, outcomes, comparison, corpus, lang)

    result: Results = await engine.run(job)
    return result


@router.get("/", response_class=HTMLResponse)
async def page(request: Request, lang: str = "en") -> HTMLResponse:
    return _render(request, forms.blank(), lang if lang in LANGS else "en")


@router.post("/", response_class=HTMLResponse)
async def act(request: Request) -> Response:
    posted = await request.form(max_files=1, max_fields=50_000, max_part_size=MAX_FILE_BYTES + 1)
    fields = {k: v for k, v in posted.items() if isinstance(v, str)}
    lang = fields.get("lang", "en") if fields.get("lang") in LANGS else "en"
    action = fields.get("action", "evaluate")
    as_of = fields.get("as_of", "").strip()
    form = forms.blank()
    try:
        form = forms.from_fields(fields)
        if action.startswith("lang:"):
            lang = action.removeprefix("lang:") if action.removeprefix("lang:") in LANGS else lang
            if fields.get("evaluated") != "1":
                return _render(request, form, lang, as_of=as_of, focus="language")
            action = "evaluate"
        if action == "add_charge":
            form.charges.append(forms.ChargeForm(id=form.next_charge_id()))
            return _render(request, form, lang, as_of=as_of, focus=f"charges-{len(form.charges) - 1}-statute")
        if action.startswith("remove:"):
            index = int(action.removeprefix("remove:")) if action.removeprefix("remove:").isdigit() else -1
            if 0 <= index < len(form.charges):
                del form.charges[index]
            return _render(request, form, lang, as_of=as_of, focus="add-charge")
        if action.startswith("answer:"):
            subject, _, value = action.removeprefix("answer:").partition("=")
            forms.answer(form, subject, value or fields.get(f"answer-{subject}", ""))
        if action == "import":
            form = await _imported(request, posted.get("import_file"))
        if action.startswith("export:"):
            return _export(request, form, action.removeprefix("export:"))
        answers = await _evaluate(request, form, as_of, lang)
        if action == "print":
            back = [(k, v) for k, v in fields.items() if k not in ("action", "lang", "as_of", "evaluated")]
            return _render(request, form, lang, as_of=as_of, answers=answers, template="print.html", back_fields=back)
        return _render(request, form, lang, as_of=as_of, answers=answers, focus="results-heading")
    except InputError as exc:
        focus = forms.field_id(exc.field) if exc.file == PAGE else None
        return _render(request, form, lang, as_of=as_of, error=exc, focus=focus or "error-summary",
                       status=status_of(exc))


async def _imported(request: Request, upload: Any) -> forms.ProfileForm:
    """A profile file chosen on the page -> the form, once the loader has accepted it (errors name the file)."""
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise InputError(PAGE, "import_file", "a profile file (YAML or JSON) to import", hint="no file was chosen")
    name = re.sub(r"[^\w.\- ]", "_", upload.filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])[:80] or "profile"
    data = parse_bytes(await upload.read(MAX_FILE_BYTES + 1), name)
    load_profile(data, request.app.state.service.corpus.catalogue, name)
    return forms.from_data(data)


def _export(request: Request, form: forms.ProfileForm, kind: str) -> Response:
    """The form as a profile file (checked first: a file the page writes loads on the command line)."""
    data = forms.to_data(form)
    load_profile(data, request.app.state.service.corpus.catalogue, PAGE)
    stem = re.sub(r"[^A-Za-z0-9._-]", "-", form.id)[:60].strip("-.") or "profile"
    if kind == "json":
        body, media, ext = json.dumps(data, ensure_ascii=False, indent=2) + "\n", "application/json", "json"
    else:
        body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)
        media, ext = "application/yaml", "yaml"
    return Response(body, media_type=f"{media}; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{stem}.{ext}"'})
