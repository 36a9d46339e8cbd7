"""English and Arabic strings, read from the single catalogue messages/messages.yaml."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

import yaml

from .model import Reason

LANGS = ("en", "ar")


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Any]:
    text = resources.files("amnestyrules").joinpath("messages/messages.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fmt(template: str, params: Mapping[str, object]) -> str:
    clean = {k: ("" if v is None else v) for k, v in params.items()}
    return template.format_map(_Missing(clean))


def ruling_label(ruling: str, lang: str = "en") -> str:
    return catalogue()["rulings"][ruling][lang]


def outcome_label(outcome: str, lang: str = "en") -> str:
    return catalogue()["outcomes"][outcome][lang]


def reason_text(reason: Reason, lang: str = "en") -> str:
    """One reason as a sentence (its citation is rendered by the caller)."""
    entry = catalogue()["reasons"].get(reason.key)
    if entry is None:
        return reason.key
    params = dict(reason.params)
    if "ruling" in params and isinstance(params["ruling"], str) and params["ruling"] in catalogue()["rulings"]:
        params["ruling"] = ruling_label(params["ruling"], lang)
    text = _fmt(entry[lang], params)
    if lang == "ar" and reason.key == "text" and not params.get("ar"):
        text = _fmt(entry["en"], params)
    return text
