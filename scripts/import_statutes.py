"""One-off import of the research catalogue into rules/statutes.yaml (kept for provenance).

Run: python scripts/import_statutes.py ../shared/statutes/statutes.yaml > rules/statutes.yaml
The output is then the project's own file and is edited by hand; this script documents how
the first version was derived: ranges normalised to first/last numbers, '(?)' article
numbers kept with low confidence, 'death-caused' dropped from article categories (whether an
act caused a death is a fact of the charge, not a property of the article).
"""

import re
import sys

import yaml

FACT_LIKE = {"death-caused"}


def norm_range(text: str) -> dict:
    text = str(text)
    unsure = "?" in text
    m = re.match(r"^\s*(\d+)\s*(?:-\s*(\d+|\?))?", text)
    if not m:
        return {"articles": None, "label": text}
    first = int(m.group(1))
    last = m.group(2)
    if last in (None, "?"):
        last_n = first
    else:
        last_n = int(last)
    out = {"articles": f"{first}" if first == last_n else f"{first}-{last_n}"}
    if unsure:
        out["label"] = text
    return out


def main(path: str) -> None:
    src = yaml.safe_load(open(path, encoding="utf-8"))
    cats = [{"id": c["id"], "en": c["en"], "ar": c["ar"]} for c in src["categories"]]
    penalties = []
    for p in src["penalty_scale"]:
        penalties.append({"id": p["id"], "ar": p["ar"],
                          "class": p["class"] if p["class"] in ("felony", "misdemeanour", "contravention") else "misdemeanour",
                          "temporary": p.get("duration") not in ("life",) and p["id"] != "death"})
    statutes = []
    for s in src["statutes"]:
        arts = []
        cat_union: list[str] = []
        for a in s.get("articles", []) or []:
            r = norm_range(a["range"])
            if r["articles"] is None:
                continue
            klass = a.get("class")
            if klass not in ("felony", "misdemeanour", "contravention"):
                klass = "mixed" if klass == "mixed" else "unknown" if klass in ("?", None) else "n/a"
            categories = [c for c in a.get("categories", []) if c not in FACT_LIKE]
            for c in categories:
                if c not in cat_union and c not in ("procedure", "court"):
                    cat_union.append(c)
            entry = {"articles": r["articles"], "class": klass, "categories": categories,
                     "topic_en": " ".join(str(a.get("topic_en", "")).split()),
                     "confidence": a.get("confidence", "low")}
            if "label" in r:
                entry["note"] = f"catalogue range {r['label']!r}: article number unconfirmed"
            arts.append(entry)
        statute_cats = s.get("categories") or cat_union
        statutes.append({"id": s["id"], "name_en": s["name_en"], "name_ar": s["name_ar"],
                         "instrument": s.get("instrument", ""), "categories": statute_cats,
                         "articles": arts})
    out = {"schema_version": 1, "categories": cats, "penalties": penalties, "statutes": statutes}
    sys.stdout.write("# Statute catalogue for amnestyrules, derived from the research catalogue\n"
                     "# (../shared/statutes/statutes.yaml) by scripts/import_statutes.py, then kept by hand.\n"
                     "# Each article entry: articles (N or N-M), class (felony | misdemeanour |\n"
                     "# contravention | mixed | unknown | n/a), categories, confidence.\n")
    yaml.safe_dump(out, sys.stdout, allow_unicode=True, sort_keys=False, width=110)


if __name__ == "__main__":
    main(sys.argv[1])
