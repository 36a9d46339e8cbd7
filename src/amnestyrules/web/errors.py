"""Every failure of a request as one line, with the field it concerns, and never a traceback.

The API answers ``{"error": "<file>: <field>: expected ...", "field": "<field>"}``: the message
the command line prints after ``amnestyrules: error:``, where the file is the request body
(``request.json`` / ``request.yaml``). Status: 422 for input the engine cannot take (a bad
profile, a bad parameter, a profile over the work budget), 413 for a body over the cap, 415
for a body in another format, 503 when the engine queue is full, 404/405 as HTTP says, 500 for
a bug (said in one line, like the command line does; the traceback goes to the server log
only). The server keeps serving after any of them.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from amnestyrules.errors import AmnestyRulesError, InputError
from amnestyrules.web.bodies import BodyTooLarge, UnsupportedBody
from amnestyrules.web.work import Busy

log = logging.getLogger("amnestyrules.web")


def status_of(exc: BaseException) -> int:
    if isinstance(exc, BodyTooLarge):
        return 413
    if isinstance(exc, UnsupportedBody):
        return 415
    if isinstance(exc, InputError):
        return 422
    if isinstance(exc, Busy):
        return 503
    return 500


def error_json(exc: BaseException) -> dict[str, Any]:
    if isinstance(exc, InputError):
        return {"error": exc.message, "field": exc.field}
    return {"error": str(exc), "field": None}


def _answer(request: Request, status: int, payload: dict[str, Any]) -> Response:
    if request.url.path.startswith("/api") or request.url.path.startswith("/openapi"):
        return JSONResponse(payload, status_code=status)
    from html import escape
    return HTMLResponse(f"<!doctype html><meta charset=utf-8><title>amnestyrules: error {status}</title>"
                        f"<p role=alert>{escape(str(payload['error']))}</p><p><a href=\"/\">Back to the page</a></p>",
                        status_code=status)


async def on_amnesty_error(request: Request, exc: Exception) -> Response:
    return _answer(request, status_of(exc), error_json(exc))


async def on_validation(request: Request, exc: Exception) -> Response:
    """A query parameter of the wrong type, in the one-line form of an InputError."""
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {}
    loc = [str(p) for p in first.get("loc", ()) if p not in ("query", "body", "path")]
    error = InputError("request", ".".join(loc) or None, str(first.get("msg", "a valid request")).lower(),
                       first.get("input"))
    return _answer(request, 422, error_json(error))


async def on_http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return _answer(request, exc.status_code, {"error": f"request: {exc.detail}", "field": None})


async def on_bug(request: Request, exc: Exception) -> Response:
    log.exception("internal error on %s %s", request.method, request.url.path)
    message = (f"internal error ({type(exc).__name__}: {exc}); please report it with the input that caused it")
    return _answer(request, 500, {"error": message, "field": None})


def install(app: FastAPI) -> None:
    app.add_exception_handler(AmnestyRulesError, on_amnesty_error)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(Exception, on_bug)
