"""Every message key the code uses exists in the catalogue, in English and Arabic."""

from __future__ import annotations

import re
from pathlib import Path

from amnestyrules.i18n import catalogue

SRC = Path(__file__).resolve().parents[1] / "src" / "amnestyrules"


def test_every_reason_key_used_in_code_is_in_both_languages() -> None:
    used: set[str] = set()
    for path in SRC.rglob("*.py"):
        used |= set(re.findall(r'Reason\(\s*"([a-z_]+)"', path.read_text(encoding="utf-8")))
    assert used, "found the Reason(...) calls"
    reasons = catalogue()["reasons"]
    missing = sorted(k for k in used if k not in reasons or not reasons[k].get("en") or not reasons[k].get("ar"))
    assert not missing, f"message keys missing from messages.yaml: {missing}"


def test_every_ruling_and_outcome_has_both_languages() -> None:
    from amnestyrules.model import OUTCOMES, RULINGS
    cat = catalogue()
    for r in RULINGS:
        assert cat["rulings"][r]["en"] and cat["rulings"][r]["ar"]
    for o in OUTCOMES:
        assert cat["outcomes"][o]["en"] and cat["outcomes"][o]["ar"]
