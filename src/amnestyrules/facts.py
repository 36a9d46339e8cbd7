"""Three-valued facts.

A lawyer often does not know whether an act caused a death or when exactly it happened.
Facts are therefore true, false or unknown, and nothing ever silently defaults to false:
an absent fact is unknown. The vocabulary of charge facts lives here, in one place, so the
loader can reject a misspelt fact name instead of treating it as unknown.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Optional, Union


class _Unknown:
    """The value of a date that the lawyer does not know."""

    _instance: "Optional[_Unknown]" = None

    def __new__(cls) -> "_Unknown":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        return False


#: Marker for an unknown date (offence date, birth date, release date).
UNKNOWN = _Unknown()
MaybeDate = Union[dt.date, _Unknown]


class Tri(enum.Enum):
    """A fact's value: true, false or unknown."""

    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"

    @classmethod
    def of(cls, value: bool | None) -> "Tri":
        if value is None:
            return cls.UNKNOWN
        return cls.TRUE if value else cls.FALSE

    def __bool__(self) -> bool:  # pragma: no cover - guard against accidental truthiness
        raise TypeError("a Tri is not a bool: compare with Tri.TRUE / Tri.FALSE explicitly")


#: Facts a charge may carry: name -> (English, Arabic) description.
CHARGE_FACTS: dict[str, tuple[str, str]] = {
    "caused_death": ("the act caused a person's death", "أفضى الفعل إلى موت إنسان"),
    "caused_disability": ("the act caused a permanent disability", "أفضى الفعل إلى عاهة دائمة"),
    "personal_harm": ("the offence harmed a victim who holds a personal right",
                      "ألحق الجرم ضرراً شخصياً بمدعٍ شخصي"),
    "victim_waived": ("the victim waived the personal right", "أسقط المتضرر حقه الشخصي"),
    "claim_filed": ("a personal-right (civil) claim has been filed", "أقيمت دعوى الحق الشخصي"),
    "armed": ("the offender bore arms", "كان الفاعل مسلحاً"),
    "foreign_tie": ("the act involved ties to a foreign state or organisation",
                    "ارتبط الفعل بجهة أجنبية"),
    "terrorist_membership": ("the offender belonged to a terrorist organisation",
                             "انتمى الفاعل إلى منظمة إرهابية"),
    "smuggling": ("the act involved smuggling (weapons, goods or persons)", "انطوى الفعل على تهريب"),
    "settlement_paid": ("the sums adjudged were paid or a settlement reached with the administration",
                        "سُددت المبالغ المحكوم بها أو أُجريت التسوية مع الإدارة"),
    "final_judgment": ("the judgment is final (mubram)", "الحكم مبرم"),
    "juvenile": ("the offender was a juvenile at the time of the offence", "كان الفاعل حدثاً وقت ارتكاب الجرم"),
    "ringleader": ("the offender led or instigated the offence (e.g. a desertion conspiracy)",
                   "كان الفاعل محرضاً أو رأساً في الجرم"),
    "recidivist": ("the offender is a repeat offender", "الفاعل مكرر"),
    "events_nexus": ("the offence was committed against the background of the events that began on 15 March 2011",
                     "ارتُكب الجرم على خلفية الأحداث التي وقعت منذ 15-3-2011"),
    "unlicensed_carrying": ("the charge is carrying or possessing a weapon or ammunition without a licence (not trade,"
                            " manufacture or smuggling)",
                            "الجرم حمل أو حيازة سلاح أو ذخيرة دون ترخيص"),
    "weapon_handed_over": ("the unlicensed weapon was handed over to the competent authorities within the decree's "
                           "deadline",
                           "سُلِّم السلاح غير المرخص إلى السلطات المختصة ضمن المهلة التي حددها المرسوم"),
    "weapons_smuggling": ("the offence is smuggling of weapons or ammunition", "الجرم تهريب أسلحة أو ذخائر"),
    "narcotics_smuggling": ("the offence is smuggling of narcotics", "الجرم تهريب مخدرات"),
    "arrested": ("the person was arrested on this charge rather than turning themselves in",
                 "أُلقي القبض على الفاعل ولم يبادر إلى تسليم نفسه"),
    "grave_violation": ("the act charged is a grave violation against the Syrian people (torture, enforced "
                        "disappearance, extrajudicial killing...)",
                        "يشكّل الفعل المنسوب انتهاكاً جسيماً بحق الشعب السوري"),
    "external_desertion": ("the desertion was external (the deserter left Syria or stayed abroad), not internal",
                           "الفرار خارجي (مغادرة البلاد أو البقاء خارجها) لا داخلي"),
    "ransom_or_unsafe_release": ("the kidnapped person was freed in return for a ransom or other consideration, or not"
                                 " safely",
                                 "حُرِّر المخطوف لقاء فدية أو أي مقابل أو بغير شكل آمن"),
    "surrendered_in_time": ("the person gave himself up within the decree's surrender deadline (for decrees "
                            "whose deadline is not known)", "سلّم نفسه خلال المهلة المحددة في المرسوم"),
}

#: Facts about the person (not tied to one charge).
PERSON_FACTS: dict[str, tuple[str, str]] = {
    "incurable_illness": ("the person suffers from an incurable illness", "مصاب بمرض عضال غير قابل للشفاء"),
}


def parse_tri(value: object) -> Tri | None:
    """Tri for a YAML/JSON value, or None when the value is not a three-valued fact."""
    if isinstance(value, bool):
        return Tri.of(value)
    if value is None:
        return Tri.UNKNOWN
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "unknown"):
        return Tri(value.strip().lower())
    return None
