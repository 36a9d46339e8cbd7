"""A real server and a real browser for the web tests, the screenshots and the load benchmark.

``running_server()`` starts ``amnestyrules serve`` in a child process on a free local port and
stops it afterwards; ``browser()`` launches Debian's headless Chromium (/usr/bin/chromium)
through Playwright. Nothing is downloaded: Playwright's own browser builds are not used.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any, Iterator

CHROMIUM = os.environ.get("AMNESTYRULES_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running_server(*extra: str, timeout: float = 30.0) -> Iterator[str]:
    """``amnestyrules serve`` on a free port of 127.0.0.1; yields its base URL."""
    port = free_port()
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"amnestyrules-serve-{port}.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "amnestyrules", "serve", "--port", str(port),
                                 "--log-level", "warning", *extra], stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(base + "/api/facts", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"amnestyrules serve did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.1)
        yield base
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def browser() -> Iterator[Any]:
    """Headless Chromium from Debian's package, driven by Playwright."""
    from playwright.sync_api import sync_playwright
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} not found: apt-get install -y chromium (.ci/run does)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class _FormReader:
    """What a browser submits for the page's form: each named control's value (checked boxes
    only; a select's selected option, else its first), and the labels' targets."""

    def __init__(self) -> None:
        from html.parser import HTMLParser
        self.fields: dict[str, str] = {}
        self.controls: list[dict[str, str]] = []
        self.labelled: set[str] = set()
        reader = self

        class Parser(HTMLParser):
            select: dict[str, str] | None = None
            first: str | None = None

            def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
                a = {k: v or "" for k, v in attrs}
                if tag == "label" and a.get("for"):
                    reader.labelled.add(a["for"])
                if tag in ("input", "select", "textarea", "button"):
                    reader.controls.append({"tag": tag, **a})
                if tag == "input" and a.get("name") and a.get("type") not in ("submit", "file", "button"):
                    if a.get("type") != "checkbox" or "checked" in a:
                        reader.fields[a["name"]] = a.get("value", "")
                if tag == "select":
                    self.select, self.first = a, None
                if tag == "option" and self.select is not None:
                    if self.first is None:
                        self.first = a.get("value", "")
                    if "selected" in a and self.select.get("name"):
                        reader.fields[self.select["name"]] = a.get("value", "")

            def handle_endtag(self, tag: str) -> None:
                if tag == "select" and self.select is not None:
                    name = self.select.get("name")
                    if name and name not in reader.fields:
                        reader.fields[name] = self.first or ""
                    self.select = None

        self.parser = Parser()


def read_form(html: str) -> "_FormReader":
    reader = _FormReader()
    reader.parser.feed(html)
    return reader
