"""`amnestyrules serve`: the page for lawyers and the JSON API, on localhost by default.

The server evaluates one request at a time on one engine thread (see
:mod:`amnestyrules.web.work` for why), with the python backend unless a request asks for
durable; it takes no path or rules directory from a request (``--rules`` fixes them at start).
"""

from __future__ import annotations

import argparse
import sys
from typing import Callable

from amnestyrules.cli.common import add_command
from amnestyrules.errors import InputError

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from amnestyrules.web.app import Settings, create_app
    except ImportError as exc:
        raise InputError("<command line>", "serve", "the web dependencies to be installed",
                         hint=f"{exc}; pip install 'amnestyrules[web]'") from None
    if not 0 < args.port < 65536:
        raise InputError("<command line>", "--port", "a port number from 1 to 65535", args.port)
    settings = Settings(rules=tuple(args.rules or ()), cors_origins=tuple(args.cors_origin or ()))
    app = create_app(settings)          # loads the rules now: a bad --rules fails here, in one line
    if args.host not in LOCAL_HOSTS:
        print(f"amnestyrules: serving on {args.host}: reachable from other machines, with no authentication",
              file=sys.stderr)
    print(f"amnestyrules: the page is at http://{_url_host(args.host)}:{args.port}/ "
          f"(the API under /api, described at /openapi.json); Ctrl-C stops", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, server_header=False)
    return 0


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]",
             common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = add_command(sub, "serve", "serve the page for lawyers and the JSON API (localhost by default)", (
        "amnestyrules serve                      # then open http://127.0.0.1:8000/",
        "amnestyrules serve --port 8080 --rules my-rules"),
        "0 stopped with Ctrl-C, 2 bad option or rules directory, 70 internal error")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    p.add_argument("--cors-origin", action="append", metavar="ORIGIN",
                   help="allow browser pages from this origin to call the API (e.g. https://example.org); "
                        "may repeat; none by default")
    p.add_argument("--log-level", choices=("critical", "error", "warning", "info", "debug"), default="info",
                   help="how much the server logs (default: %(default)s)")
    common(p)
    p.set_defaults(func=cmd_serve)
