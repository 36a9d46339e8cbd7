"""The JSON API: the command line's JSON, over HTTP.

Each endpoint returns exactly what the matching command prints with ``--format json``, built by
the same functions of :mod:`amnestyrules.present` (tests compare the two on every example):

=====================  ==============================================
GET  /api/decrees      ``amnestyrules decrees --format json``
GET  /api/statutes     ``amnestyrules statutes --format json``
GET  /api/statutes/ID  ``amnestyrules statutes ID --format json``
GET  /api/facts        ``amnestyrules facts --format json``
POST /api/evaluate     ``amnestyrules evaluate PROFILE --format json``
POST /api/explain      ``amnestyrules explain PROFILE --decree ID --format json``
POST /api/compare      ``amnestyrules compare PROFILE --format json``
POST /api/timeline     ``amnestyrules timeline PROFILE --format json``
=====================  ==============================================

A POST body is the profile itself, in the profile format (JSON, or YAML with a YAML media
type): a profile file can be sent as it is. The command's options are query parameters
(``decree`` may repeat, as ``--decree`` does). No file path or rules directory is taken from a
request: the rules are the ones the server was started with.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from typing import Any, Callable, Literal, Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from amnestyrules.analysis.compare import compare
from amnestyrules.analysis.questions import explain
from amnestyrules.analysis.timeline import build_timeline, decrees_until
from amnestyrules.case.model import Profile
from amnestyrules.case.profiles import load_profile
from amnestyrules.engine.budget import Budget
from amnestyrules.engine.evaluate import evaluate_all, judged_on
from amnestyrules.law.corpus import Corpus
from amnestyrules.loading import Node, parse_date
from amnestyrules.present.analysis import explanation_json
from amnestyrules.present.reference import decrees_json
from amnestyrules.present.render import envelope
from amnestyrules.present.timeline import timeline_json
from amnestyrules.present.vocabulary import facts_json, statutes_json
from amnestyrules.web.bodies import YAML_TYPES, profile_data
from amnestyrules.web.work import Engine, check_budget

router = APIRouter(prefix="/api", tags=["api"])

Lang = Literal["en", "ar"]
BackendName = Literal["compiled", "python", "durable"]

LANG = Query("en", description="language of the text inside the answer (reasons, statute names)")
#: python by default: an answer sent whole (every explanation read) is built faster by the reference
#: than by the compiled path, which builds each explanation with the reference and then checks it
#: against its memo (benchmarks/web_load.py: about 33 requests/s against 19). Same answers either way.
BACKEND = Query("python", description="the engine: python (the reference, the default: fastest for an answer "
                                      "sent whole), compiled (the command line's default; the same answers) or "
                                      "durable (served one request at a time, on the server's one engine thread)")
AS_OF = Query(None, description="the day the question is asked (YYYY-MM-DD); default today")
DECREES = Query(None, description="decree id, e.g. LD-7-2022; may repeat (default: every decree)")


def _profile_schema() -> dict[str, Any]:
    text = resources.files("amnestyrules.schemas").joinpath("profile.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    for key in ("$schema", "$id"):
        schema.pop(key, None)
    return schema


_SCHEMA = _profile_schema()
#: The request body as OpenAPI describes it: the profile format, in JSON or YAML.
PROFILE_BODY = {"requestBody": {"required": True, "description": "a charge profile in the profile format", "content": {
    "application/json": {"schema": _SCHEMA}, **{t: {"schema": _SCHEMA} for t in YAML_TYPES[:1]}}}}


def _service(request: Request) -> tuple[Corpus, Engine]:
    service = request.app.state.service
    return service.corpus, service.engine


def _date(text: Optional[str], field: str = "as_of") -> Optional[dt.date]:
    return parse_date(text.strip(), Node(text, "request", field)) if text else None


async def _answer(request: Request, work: Callable[[Profile, Corpus, Budget], Any]) -> JSONResponse:
    """Read the profile from the body, then load, evaluate and render it on the engine thread."""
    corpus, engine = _service(request)
    data, filename = profile_data(await request.body(), request.headers.get("content-type"))

    def job(budget: Budget) -> Any:
        profile = load_profile(data, corpus.catalogue, filename)
        result = work(profile, corpus, budget)
        check_budget(budget, profile, filename)
        return result

    return JSONResponse(await engine.run(job))


# ------------------------------------------------------------------------- reference

@router.get("/decrees", summary="the decrees in issue order (amnestyrules decrees --format json)")
def decrees(request: Request, lang: Lang = LANG) -> list[dict[str, object]]:
    return decrees_json(_service(request)[0], lang)


@router.get("/statutes", summary="the statute catalogue (amnestyrules statutes --format json)")
def statutes(request: Request) -> dict[str, Any]:
    return statutes_json(_service(request)[0].catalogue)


@router.get("/statutes/{statute_id}", summary="one statute (amnestyrules statutes ID --format json)")
def statute(request: Request, statute_id: str) -> dict[str, Any]:
    return statutes_json(_service(request)[0].catalogue, statute_id)


@router.get("/facts", summary="charge and person facts with their meanings (amnestyrules facts --format json)")
def facts() -> dict[str, Any]:
    return facts_json()


# ------------------------------------------------------------------------- answers

@router.post("/evaluate", summary="a profile against the decrees (amnestyrules evaluate --format json)",
             openapi_extra=PROFILE_BODY)
async def evaluate(request: Request, decree: Optional[list[str]] = DECREES, as_of: Optional[str] = AS_OF,
                   lang: Lang = LANG, backend: BackendName = BACKEND) -> JSONResponse:
    day = _date(as_of)

    def work(profile: Profile, corpus: Corpus, budget: Budget) -> Any:
        chosen = [corpus.decree(d) for d in decree] if decree else None
        outcomes = evaluate_all(profile, chosen, corpus=corpus, backend=backend, as_of=day, budget=budget)
        # As the command line: without named decrees, those of the day of the question, the later ones named.
        left_out = corpus.issued_after(judged_on(day)) if chosen is None else []
        return envelope(profile, outcomes, corpus, lang, left_out, judged_on(day))

    return await _answer(request, work)


@router.post("/explain", summary="why a decree does not free a profile, and what would "
                                 "(amnestyrules explain --format json)", openapi_extra=PROFILE_BODY)
async def explain_(request: Request, decree: str = Query(..., description="decree id, e.g. LD-7-2022"),
                   as_of: Optional[str] = AS_OF, backend: BackendName = BACKEND) -> JSONResponse:
    day = _date(as_of)

    def work(profile: Profile, corpus: Corpus, budget: Budget) -> Any:
        return explanation_json(explain(profile, corpus.decree(decree), corpus, backend=backend, as_of=day,
                                        budget=budget))

    return await _answer(request, work)


@router.post("/compare", summary="every decree against a profile: rulings, verdicts, the closest decree "
                                 "(amnestyrules compare --format json)", openapi_extra=PROFILE_BODY)
async def compare_(request: Request, decree: Optional[list[str]] = DECREES, as_of: Optional[str] = AS_OF,
                   backend: BackendName = BACKEND) -> JSONResponse:
    day = _date(as_of)

    def work(profile: Profile, corpus: Corpus, budget: Budget) -> Any:
        chosen = [corpus.decree(d) for d in decree] if decree else None
        return compare(profile, corpus, decrees=chosen, backend=backend, as_of=day, budget=budget).to_json()

    return await _answer(request, work)


@router.post("/timeline", summary="the decrees applied in issue order to a sentenced profile "
                                  "(amnestyrules timeline --format json)", openapi_extra=PROFILE_BODY)
async def timeline(request: Request, as_of: Optional[str] = AS_OF, lang: Lang = LANG,
                   backend: BackendName = BACKEND) -> JSONResponse:
    day = _date(as_of)

    def work(profile: Profile, corpus: Corpus, budget: Budget) -> Any:
        decrees_until(corpus, day, "request", "as_of")
        t = build_timeline(profile, corpus=corpus, backend=backend, as_of=day, budget=budget)
        return timeline_json(t, corpus.catalogue, lang)

    return await _answer(request, work)
