"""The page without a browser: the form holds the profile exactly (import -> form -> export gives
back what the command line reads), every control is labelled, errors name and mark their field,
an answered question re-evaluates, the print view renders, Arabic is laid out right to left."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterator

import attrs
import pytest
import yaml
from fastapi.testclient import TestClient

from amnestyrules.case.model import Profile
from amnestyrules.case.profiles import load_profile, load_profile_file
from amnestyrules.cli import common, main
from amnestyrules.facts import Tri
from amnestyrules.law.corpus import load_corpus
from amnestyrules.web.app import Settings, create_app
from web_support import read_form

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
STACKED = ROOT / "examples" / "stacked-terrorism-and-weapons.yaml"
CORPUS = load_corpus()


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(corpus=CORPUS)) as c:
        yield c


def imported(client: TestClient, example: Path, lang: str = "en") -> str:
    r = client.post("/", data={"action": "import", "lang": lang},
                    files={"import_file": (example.name, example.read_bytes(), "application/yaml")})
    assert r.status_code == 200, r.text[:2000]
    return r.text


def act(client: TestClient, html: str, action: str, **changes: str) -> tuple[int, str]:
    """Press a button of the page: post every field the page holds, with ``changes``."""
    fields = {**read_form(html).fields, **changes, "action": action}
    r = client.post("/", data=fields)
    return r.status_code, r.text


def verdict(html: str, decree: str) -> str:
    m = re.search(rf'<tr data-decree="{decree}" data-outcome="(\w+)"', html)
    assert m, f"no verdict row for {decree}"
    return m.group(1)


def same_profile(a: Profile, b: Profile) -> bool:
    """The same profile, read from wherever: a fact stated 'unknown' is the absent fact (README:
    'An absent fact is unknown'); the form says unknown by stating nothing."""
    def known(p: Profile) -> Profile:
        charges = tuple(attrs.evolve(c, facts={k: v for k, v in c.facts.items() if v is not Tri.UNKNOWN})
                        for c in p.charges)
        return attrs.evolve(p, source=None, charges=charges)
    return known(a) == known(b)


# ------------------------------------------------------------------------- the form holds the profile exactly

@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_import_then_export_gives_back_the_profile(client: TestClient, example: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    html = imported(client, example)
    for kind in ("yaml", "json"):
        status, text = act(client, html, f"export:{kind}")
        assert status == 200
        data = json.loads(text) if kind == "json" else yaml.safe_load(text)
        exported = tmp_path / f"exported.{kind}"
        exported.write_text(text, encoding="utf-8")
        original = load_profile_file(example, CORPUS.catalogue)
        assert same_profile(load_profile(data, CORPUS.catalogue), original)
        assert same_profile(load_profile_file(exported, CORPUS.catalogue), original)
    raw = yaml.safe_load(example.read_text(encoding="utf-8"))
    for key in ("notes", "description"):          # what the form does not show is carried through
        assert data.get(key) == raw.get(key)
    monkeypatch.setattr(common, "load_corpus", lambda dirs=(): CORPUS)
    answers = []
    for path in (example, exported):              # the command line reads the page's file as it reads the example
        assert main(["evaluate", str(path), "--format", "json", "--as-of", "2026-01-01"]) == 0
        answers.append(json.loads(capsys.readouterr().out))
    assert answers[0] == answers[1]


def test_the_exported_file_is_named_after_the_profile(client: TestClient) -> None:
    html = imported(client, STACKED)
    r = client.post("/", data={**read_form(html).fields, "action": "export:yaml"})
    assert r.headers["content-disposition"] == 'attachment; filename="stacked-terrorism-and-weapons.yaml"'


# ------------------------------------------------------------------------- accessible, in both directions

@pytest.mark.parametrize("lang, direction", [("en", "ltr"), ("ar", "rtl")])
def test_the_page_is_laid_out_in_the_readers_direction(client: TestClient, lang: str, direction: str) -> None:
    assert f'<html lang="{lang}" dir="{direction}">' in client.get(f"/?lang={lang}").text
    assert f'<html lang="{lang}" dir="{direction}">' in imported(client, STACKED, lang)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_control_has_a_label(client: TestClient, lang: str) -> None:
    html = imported(client, STACKED, lang)
    reader = read_form(html)
    unlabelled = [c for c in reader.controls
                  if c["tag"] != "button" and c.get("type") not in ("hidden", "submit")
                  and c.get("id") not in reader.labelled and not c.get("aria-label")]
    assert unlabelled == []
    assert sum(1 for c in reader.controls if c["tag"] == "select") > 40      # the facts of two charges, at least


# ------------------------------------------------------------------------- acting on the page

def test_an_error_names_its_field_and_marks_it(client: TestClient) -> None:
    blank = client.get("/").text
    status, html = act(client, blank, "evaluate", **{"charges-0-statute": "penal-code", "charges-0-article": "abc"})
    assert status == 422
    line = re.search(r'<p id="error-line">(.*?)</p>', html, re.S)
    assert line and "charges[0].article: expected an article number such as 8, 103(4) or 556 bis, got &#39;abc&#39;" \
        in line.group(1)
    assert re.search(r'id="f-charges-0-article"[^>]*aria-invalid="true"', html)
    assert 'value="abc"' in html                                   # what was typed stays, to be corrected


def test_answering_a_question_re_evaluates(client: TestClient) -> None:
    html = imported(client, STACKED)
    assert verdict(html, "LD-13-2021") == "undetermined"
    assert 'data-question="c2.weapons_smuggling"' in html
    status, after = act(client, html, "answer:c2.weapons_smuggling=true")
    assert status == 200
    assert verdict(after, "LD-13-2021") == "blocked"
    assert read_form(after).fields["charges-1-facts-weapons_smuggling"] == "true"


def test_questions_that_are_not_yes_or_no_are_answered_from_their_own_field(client: TestClient) -> None:
    html = imported(client, ROOT / "examples" / "terrorism-death-unknown.yaml")
    assert 'name="answer-c1.paragraph"' in html                 # LD-6-2020 asks which paragraph of Art. 7
    fields = {**read_form(html).fields, "answer-c1.paragraph": "1", "answer-c1.offence_date": "2014-05-01"}
    r = client.post("/", data={**fields, "action": "answer:c1.paragraph"})
    assert r.status_code == 200 and read_form(r.text).fields["charges-0-paragraph"] == "1"
    r = client.post("/", data={**fields, "action": "answer:c1.offence_date"})
    assert r.status_code == 200 and read_form(r.text).fields["charges-0-offence_date"] == "2014-05-01"


def test_charges_are_added_and_removed(client: TestClient) -> None:
    html = imported(client, STACKED)
    status, added = act(client, html, "add_charge")
    assert status == 200 and read_form(added).fields["charges-2-id"] == "c3"
    status, removed = act(client, added, "remove:0")
    fields = read_form(removed).fields
    assert fields["charges-0-id"] == "c2" and fields["charges-1-id"] == "c3" and "charges-2-id" not in fields


def test_switching_language_keeps_the_profile_and_the_answers(client: TestClient) -> None:
    html = imported(client, STACKED)
    status, arabic = act(client, html, "lang:ar")
    assert status == 200 and '<html lang="ar" dir="rtl">' in arabic
    assert verdict(arabic, "LD-7-2022") == "blocked" and "يبقى موقوفاً" in arabic
    assert read_form(arabic).fields["charges-1-article"] == "312"


def test_the_print_view_holds_the_answer_without_the_form(client: TestClient) -> None:
    html = imported(client, STACKED)
    status, printed = act(client, html, "print")
    assert status == 200 and 'class="sheet"' in printed and 'id="profile"' not in printed
    assert verdict(printed, "LD-7-2022") == "blocked"
    assert "<bdi>c2</bdi>: not covered: no provision of LD-7-2022 covers General Penal Code Art. 312" in printed
    status, back = act(client, printed, "evaluate")        # 'back to the page' re-posts the same profile
    assert status == 200 and read_form(back).fields["charges-1-article"] == "312"


def test_a_profile_over_the_work_budget_is_refused_on_the_page() -> None:
    with TestClient(create_app(Settings(budget_leaves=40), corpus=CORPUS)) as small:
        example = ROOT / "examples" / "terrorism-death-unknown.yaml"
        r = small.post("/", data={"action": "import"},
                       files={"import_file": (example.name, example.read_bytes(), "application/yaml")})
        assert r.status_code == 422 and "work budget of 40 completions" in r.text
        assert read_form(r.text).fields["charges-0-statute"] == "counter-terrorism-law"


def test_a_bad_import_names_the_file(client: TestClient) -> None:
    r = client.post("/", data={"action": "import"}, files={"import_file": ("client.yaml", b"id: x\nperson: [", "x")})
    assert r.status_code == 422
    assert re.search(r'<p id="error-line">client\.yaml: line \d+, column \d+: expected valid YAML', r.text)


def test_a_past_day_leaves_out_the_decrees_that_came_later(client: TestClient) -> None:
    """Judged as of 1 February 2022, the page evaluates the decrees of that day and names the others."""
    html = imported(client, ROOT / "examples" / "deserter-abroad.yaml")
    status, html = act(client, html, "evaluate", as_of="2022-02-01")
    assert status == 200
    assert verdict(html, "LD-3-2022") == "released_if"
    assert 'data-decree="LD-27-2024"' not in html
    assert "5 decrees issued after 2022-02-01, the day of the question, left out" in html
