"""The engines a run of golden cases may use: one, or a set that must all give the expected answer.

A module of its own, importing nothing, because two places need it at start-up: the pytest plugin
(loaded in every pytest run where amnestyrules is installed, so it must stay light) and the
`amnestyrules test` command line (which must not import pytest before it is asked to run).
"""

from __future__ import annotations

#: --amnestyrules-backend / `amnestyrules test --backend` -> the backends every case runs on.
ENGINES: dict[str, tuple[str, ...]] = {
    "compiled": ("compiled",), "python": ("python",), "durable": ("durable",),
    "both": ("python", "durable"), "all": ("compiled", "python", "durable"),
}
ENGINE_CHOICES = tuple(ENGINES)
