"""The ASGI application: settings, the corpus loaded once, the API, the page and the guards.

Safety as a service (issue 12): the server binds to localhost unless told otherwise
(``amnestyrules serve --host``); request bodies are capped (:mod:`.bodies`); each request has
a work budget and the engine runs on one thread (:mod:`.work`); no path or rules directory is
taken from a request (the rules are fixed when the server starts); no cross-origin request is
allowed unless origins are configured; every error is one line (:mod:`.errors`). The
interactive documentation pages are off (they load scripts from a CDN); the OpenAPI
description is served at /openapi.json.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import AsyncIterator, Optional

import attrs
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from amnestyrules.engine.budget import DEFAULT_LEAVES
from amnestyrules.law.corpus import Corpus, load_corpus
from amnestyrules.web import api, errors, page
from amnestyrules.web.bodies import BodyLimit
from amnestyrules.web.view import VERSION
from amnestyrules.web.work import Engine

#: The largest request body (bytes): a profile file (256 KB at most, as the loader allows) sent
#: through the page's form together with the form's own fields.
MAX_BODY = 1_000_000


@attrs.frozen
class Settings:
    """How a server runs; everything here comes from the command line, nothing from a request."""

    rules: tuple[str, ...] = ()
    #: origins allowed to call the API from a browser (CORS); none unless configured
    cors_origins: tuple[str, ...] = ()
    max_body: int = MAX_BODY
    #: requests that may wait for the engine thread before the server answers 503
    max_waiting: int = 64
    #: ground completions one request may explore (:mod:`amnestyrules.engine.budget`)
    budget_leaves: int = DEFAULT_LEAVES


@attrs.define
class Service:
    """What every request needs: the rules, the engine thread and the settings."""

    corpus: Corpus
    engine: Engine
    settings: Settings


def create_app(settings: Optional[Settings] = None, corpus: Optional[Corpus] = None) -> FastAPI:
    settings = settings or Settings()
    corpus = corpus if corpus is not None else load_corpus(list(settings.rules))
    service = Service(corpus, Engine(settings.budget_leaves, settings.max_waiting), settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        service.engine.close()

    app = FastAPI(title="amnestyrules", version=VERSION, lifespan=lifespan,
                  description="Syrian general-amnesty decrees as cited rules: evaluate a charge profile. "
                              "Each endpoint returns the JSON of the matching `amnestyrules` command.",
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.service = service
    errors.install(app)
    app.include_router(api.router)
    app.include_router(page.router)
    app.mount("/static", StaticFiles(packages=[("amnestyrules.web", "static")]), name="static")
    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type"])
    app.add_middleware(BodyLimit, max_bytes=settings.max_body)
    return app
