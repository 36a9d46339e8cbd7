"""The page in a real browser (headless Chromium from Debian, driven by Playwright), against
``amnestyrules serve`` started on a free local port.

A lawyer's session: build the stacked-charge example by clicking and typing, read 'blocked' and
the blocking charge under LD-7-2022, answer an open question and see a verdict change, switch to
Arabic (right to left), open the print view and print it to at most two A4 pages. These tests
need /usr/bin/chromium (``apt-get install -y chromium``; .ci/run installs it): without it they
fail, they do not skip.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

import pytest

from web_support import browser, running_server


@pytest.fixture(scope="module")
def page() -> Iterator[Any]:
    with running_server() as base, browser() as chromium:
        tab = chromium.new_page(viewport={"width": 1280, "height": 900})
        tab.set_default_timeout(20_000)
        tab.base = base
        yield tab
        tab.close()


def submit(page: Any, action: Any) -> None:
    """Press a button (or a key) that posts the page, and wait for the answer page to load."""
    with page.expect_navigation(wait_until="load"):
        action()


def focused(page: Any) -> str:
    """The id of the focused element, once the page's script has moved the focus."""
    page.wait_for_function("document.readyState === 'complete'")
    return str(page.evaluate("document.activeElement ? document.activeElement.id : ''"))


def row(page: Any, decree: str) -> Any:
    return page.locator(f'table.matrix tr[data-decree="{decree}"]')


def fill_charge(page: Any, i: int, statute: str, article: str, date: str, stage: str, facts: dict[str, str]) -> None:
    p = f"#f-charges-{i}-"
    page.select_option(p + "statute", statute)
    page.click(p + "article")
    page.keyboard.type(article)
    page.click(p + "offence_date")
    page.keyboard.type(date)
    page.select_option(p + "stage", stage)
    for fact, value in facts.items():
        page.select_option(f"{p}facts-{fact}", value)


def test_a_lawyers_session(page: Any) -> None:
    page.goto(page.base + "/")
    assert page.get_attribute("html", "dir") == "ltr"

    # Build the stacked-charge example (examples/stacked-terrorism-and-weapons.yaml) by hand.
    page.fill("#f-id", "")
    page.click("#f-id")
    page.keyboard.type("stacked")
    page.click("#f-person-born")
    page.keyboard.type("1988-02-14")
    page.select_option("#f-person-nationality", "syrian")
    fill_charge(page, 0, "counter-terrorism-law", "8", "2019-05-20", "convicted", {"caused_death": "false"})
    page.click("#charge-0 details.sentence summary")
    page.select_option("#f-charges-0-penalty-kind", "temporary-hard-labour")
    page.fill("#f-charges-0-penalty-years", "7")
    page.fill("#f-charges-0-penalty-start", "2019-09-01")
    submit(page, lambda: page.click("#f-add-charge"))
    assert focused(page) == "f-charges-1-statute"                                 # the focus follows the new charge
    fill_charge(page, 1, "penal-code", "312", "2019-05-20", "accused", {"caused_death": "false", "armed": "true"})
    page.click("#f-charges-1-article")
    submit(page, lambda: page.keyboard.press("Enter"))      # Enter in a field evaluates, as a form does

    # Blocked under LD-7-2022, by c2.
    ld7 = row(page, "LD-7-2022")
    assert ld7.get_attribute("data-outcome") == "blocked"
    assert ld7.locator("td.verdict").inner_text().strip() == "BLOCKED"
    assert ld7.locator("td.blocking").inner_text().strip() == "c2"
    assert focused(page) == "results-heading"                                     # the focus moves to the answers
    detail = page.locator("#d-LD-7-2022 tr[data-charge=c2]")
    assert detail.get_attribute("data-ruling") == "not_covered"
    assert "no provision of LD-7-2022 covers General Penal Code Art. 312" in detail.inner_text()
    assert page.locator("#d-LD-7-2022 tr[data-charge=c1] td.sources a").count() >= 1   # the clause's sources

    # Answer an open question in place: the verdict it decides changes.
    assert row(page, "LD-13-2021").get_attribute("data-outcome") == "undetermined"
    question = page.locator('li[data-question="c2.weapons_smuggling"]')
    assert "decides" in question.inner_text()
    submit(page, lambda: question.locator("button", has_text="Yes").click())
    assert row(page, "LD-13-2021").get_attribute("data-outcome") == "blocked"
    assert page.input_value("#f-charges-1-facts-weapons_smuggling") == "true"

    # Arabic: right to left, the same answers.
    submit(page, lambda: page.click("#f-language"))
    assert page.get_attribute("html", "dir") == "rtl" and page.get_attribute("html", "lang") == "ar"
    assert row(page, "LD-7-2022").locator("td.verdict").inner_text().strip() == "يبقى موقوفاً"
    assert page.evaluate("getComputedStyle(document.querySelector('table.matrix th')).direction") == "rtl"
    assert page.input_value("#f-charges-1-article") == "312"

    # The print view: the answer on at most two A4 pages.
    submit(page, lambda: page.click("button[value=print]"))
    assert page.locator(".print-decree").count() >= 5
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
    assert 1 <= pages <= 2, f"{pages} pages"
    submit(page, lambda: page.click("text=العودة إلى الصفحة"))
    assert page.input_value("#f-charges-0-article") == "8"


def test_the_keyboard_reaches_every_control_in_order(page: Any) -> None:
    """From the top, Tab walks the skip link, the language button and then the profile's fields in
    the order they are read; the skip link leads to the answers."""
    page.goto(page.base + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "f-language"
    order = []
    for _ in range(4):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.id"))
    assert order == ["f-id", "f-as_of", "f-person-name", "f-person-nationality"]
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#results"
