"""Request bodies: capped before they are read, and parsed exactly as profile files are.

Two bounds. :class:`BodyLimit` refuses any request whose body would exceed the server's cap
(``Settings.max_body``), from its Content-Length before a byte is read, or while it streams in;
a profile sent to the API must also fit the size the loader allows a profile file
(:data:`amnestyrules.loading.MAX_FILE_BYTES`), so the page, the API and the command line accept
the same files. Parsing goes through :func:`amnestyrules.loading.parse_text`: plain YAML or JSON,
no tags, anchors or duplicate keys, errors naming the line.
"""

from __future__ import annotations

import json
from typing import Any, Awaitable, Callable, MutableMapping, Optional

from amnestyrules.errors import InputError
from amnestyrules.loading import MAX_FILE_BYTES, parse_text

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Media types read as YAML; anything else a profile is sent as must be JSON.
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")
JSON_TYPES = ("application/json", "text/json", "")


class BodyTooLarge(InputError):
    """A request body over the cap (HTTP 413)."""


class UnsupportedBody(InputError):
    """A body in a format the API does not read (HTTP 415)."""


def too_large(limit: int, got: Optional[int] = None) -> BodyTooLarge:
    return BodyTooLarge("request", "body", f"a request body of at most {limit} bytes",
                        f"{got} bytes" if got is not None else None)


class BodyLimit:
    """ASGI middleware: no request body over ``max_bytes`` reaches the application."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            got = int(declared) if declared.isdigit() else None
            await _refuse(scope, send, too_large(self.max_bytes, got))
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise too_large(self.max_bytes)
            return message

        await self.app(scope, limited, send)


async def _refuse(scope: Scope, send: Send, error: InputError) -> None:
    """Answer 413 before the application sees the request: JSON for the API, a line of HTML for the page."""
    if str(scope.get("path", "")).startswith("/api"):
        body, kind = json.dumps({"error": error.message, "field": error.field}).encode(), b"application/json"
    else:
        from html import escape
        body = (f"<!doctype html><title>Request too large</title><p role=alert>{escape(error.message)}</p>"
                f"<p><a href=\"/\">Back to the page</a></p>").encode()
        kind = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


def media_type(content_type: Optional[str]) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def profile_data(body: bytes, content_type: Optional[str], name: str = "request") -> tuple[Any, str]:
    """The profile a request carries, parsed as a profile file is (YAML or JSON by media type), and
    the name its errors give it: ``request.json`` or ``request.yaml``, where the command line
    names the file.
    """
    kind = media_type(content_type)
    if kind in YAML_TYPES:
        filename = f"{name}.yaml"
    elif kind in JSON_TYPES:
        filename = f"{name}.json"
    else:
        raise UnsupportedBody(name, "Content-Type", "application/json or application/yaml", kind)
    return parse_bytes(body, filename), filename


def parse_bytes(raw: bytes, filename: str) -> Any:
    """Bytes of a profile (a request body, an uploaded file) -> data, under the file size limit."""
    if len(raw) > MAX_FILE_BYTES:
        raise BodyTooLarge(filename, None, f"a profile of at most {MAX_FILE_BYTES} bytes", f"{len(raw)} bytes")
    if not raw.strip():
        raise InputError(filename, None, "a profile (YAML or JSON)", hint="the body is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(filename, f"byte {exc.start}", "UTF-8 text", hint="not valid UTF-8") from None
    return parse_text(text.removeprefix("\ufeff"), filename)
