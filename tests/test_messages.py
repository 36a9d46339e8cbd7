"""Every message key the code uses exists in the catalogue, in English and Arabic."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from amnestyrules.engine.answers import Reason
from amnestyrules.present.i18n import catalogue, reason_text

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
    from amnestyrules.engine.answers import OUTCOMES, RULINGS
    cat = catalogue()
    for r in RULINGS:
        assert cat["rulings"][r]["en"] and cat["rulings"][r]["ar"]
    for o in OUTCOMES:
        assert cat["outcomes"][o]["en"] and cat["outcomes"][o]["ar"]


def _arabic_strings(entry: object) -> Iterator[str]:
    if isinstance(entry, dict):
        for k, v in entry.items():
            if k == "ar" and isinstance(v, str):
                yield v
            else:
                yield from _arabic_strings(v)


def test_arabic_rulings_agree_with_the_feminine_charge() -> None:
    """A ruling is said of التهمة: its participle takes the feminine ending (مشمولة، مستثناة، غير محسومة)."""
    for ruling, entry in catalogue()["rulings"].items():
        words = entry["ar"].split()
        head = words[1] if words[0] == "غير" else words[0]
        assert head.endswith(("ة", "اة")), (ruling, entry["ar"])
    text = reason_text(Reason("charge_bare", {"charge": "c1", "ruling": "excluded"}), "ar")
    assert text == "التهمة c1: مستثناة"
    assert reason_text(Reason("depends_on", {"facts": "c1.caused_death", "possible": "pardoned, not_covered"}), "ar") \
        .endswith("(الاحتمالات: مشمولة بالعفو، غير مشمولة)")


def test_no_arabic_template_says_a_charge_is_masculine() -> None:
    masculine = re.compile(r"(?<!\S)(مشمول|مستثنى|محسوم|مخفض|مخفف|يُستثنى|يستثنى)(?!\S)")
    found = [s for s in _arabic_strings(catalogue()) if masculine.search(s)]
    assert found == []

