"""The charts (issue 11 item 3): each drawn, its content read back from the figure; Arabic shaped and
laid out right to left in a font that has the letters; no overlapping labels on the timeline."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import Iterator

import matplotlib
import pytest
from matplotlib import _text_helpers, font_manager
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font
from matplotlib.text import Text

import amnestyrules as ar
from amnestyrules.population.charts import blocking_chart, funnel_chart, outcomes_chart, save, timeline_chart
from amnestyrules.population.charts.funnel import BAR as FUNNEL_BAR
from amnestyrules.population.charts.funnel import REPORTED
from amnestyrules.population.charts.outcomes import BAR as OUTCOME_BAR
from amnestyrules.population.charts.outcomes import NOTE
from amnestyrules.population.charts.style import FONT, shapes_arabic
from amnestyrules.population.charts.timeline import collisions, label_texts
from amnestyrules.population.report import article_label
from amnestyrules.population.summary import FUNNEL, GROUPS, PopulationSummary, Tally

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ar.load_corpus()
ARABIC = re.compile("[\u0600-\u06ff]")


@pytest.fixture(scope="module")
def summary() -> PopulationSummary:
    """The example profiles under every decree: every group, blocking articles and a reported figure."""
    tally = Tally()
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        p = ar.load_profile_file(path, CORPUS.catalogue)
        tally.add(p, ar.evaluate_all(p, corpus=CORPUS, as_of=dt.date(2022, 7, 15)))
    return tally.summary(CORPUS, "the examples", name_ar="الأمثلة")


def _texts(fig: Figure) -> Iterator[str]:
    for t in fig.findobj(Text):
        if t.get_visible() and t.get_text():
            yield t.get_text()


def _plain(text: str) -> str:
    """Text without its direction marks and isolates."""
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def _visual(text: str) -> str:
    """The characters of one line in the order matplotlib draws them, left to right."""
    font = FT2Font(font_manager.findfont(FONT))
    items = sorted(_text_helpers.layout(text, font), key=lambda item: item.x)
    return "".join(i.char for i in items if unicodedata.category(i.char) != "Cf")


def _bars(fig: Figure, gid: str) -> list[float]:
    ax = fig.axes[0]
    return [p.get_width() for p in ax.patches if p.get_gid() == gid]


# ------------------------------------------------------------------------- (a) timeline

@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_timeline_labels_every_decree_with_number_and_date_and_none_overlap(lang: str) -> None:
    fig = timeline_chart(CORPUS, lang)
    decrees = [CORPUS.decree(d) for d in CORPUS.ids()]
    labels = [_plain(t) for t in label_texts(fig)]
    if lang == "en":
        assert labels == [f"{d.id}\n{d.issued.isoformat()}" for d in decrees]
    else:
        assert labels == [f"المرسوم {d.number}/{d.year}\n{d.issued.isoformat()}" for d in decrees]
    assert collisions(fig) == []
    legend = [_plain(t.get_text()) for t in fig.axes[0].get_legend().get_texts()]
    kinds = {k: sum(d.kind == k for d in decrees) for k in {d.kind for d in decrees}}
    assert sorted(int(re.search(r"\((\d+)\)", t).group(1)) for t in legend) == sorted(kinds.values())  # type: ignore[union-attr]
    assert sum(kinds.values()) == len(decrees) == 25
    matplotlib.pyplot.close(fig)


def test_the_timeline_keeps_to_the_years_asked() -> None:
    fig = timeline_chart(CORPUS, start=2020, end=2022)
    assert [t.split("\n")[0] for t in label_texts(fig)] == ["LD-6-2020", "LD-13-2021", "LD-3-2022", "LD-7-2022",
                                                           "LD-24-2022"]
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["2020", "2021", "2022"]


# ------------------------------------------------------------------------- (b) outcomes

@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_outcome_bars_are_the_summary_s_counts(summary: PopulationSummary, lang: str) -> None:
    fig = outcomes_chart(summary, lang)
    for group in GROUPS:
        assert _bars(fig, f"{OUTCOME_BAR}:{group}") == [d.groups[group] for d in summary.decrees], group
    ax = fig.axes[0]
    ticks = [_plain(t.get_text()) for t in ax.get_yticklabels()]
    assert ticks[summary.decrees.index(summary.decree("LD-7-2022"))].endswith("7/2022" if lang == "ar" else "LD-7-2022")
    notes = [t.get_text() for t in ax.texts if t.get_gid() == NOTE]
    d = summary.decree("LD-7-2022")
    assert len(notes) == sum(1 for x in summary.decrees if x.reported and x.reported.figure is not None)
    if lang == "en":
        assert f"text frees {d.eligible}, reported 547" in notes
        assert ax.get_title(loc="left").startswith("What each decree does to: the examples")
    else:
        assert ax.xaxis_inverted() and "الأمثلة" in ax.get_title(loc="right")
    matplotlib.pyplot.close(fig)


# ------------------------------------------------------------------------- (c) blocking articles

def test_the_blocking_chart_lists_the_articles_by_the_people_they_hold(summary: PopulationSummary) -> None:
    d = summary.decree("LD-7-2022")
    fig = blocking_chart(summary, "LD-7-2022", CORPUS.catalogue)
    assert _bars(fig, OUTCOME_BAR) == [b.people for b in d.blocking]
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert ticks == [article_label(b.statute, b.article, CORPUS.catalogue, "en") for b in d.blocking]
    assert "Counter-Terrorism Law Art. 7" in ticks and "General Penal Code Art. 312" in ticks
    assert fig.axes[0].get_title(loc="left") == "What keeps people in under LD-7-2022"
    matplotlib.pyplot.close(fig)


# ------------------------------------------------------------------------- (d) funnel

@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_funnel_shows_each_stage_and_the_reported_figure(summary: PopulationSummary, lang: str) -> None:
    d = summary.decree("LD-7-2022")
    fig = funnel_chart(summary, "LD-7-2022", lang)
    assert _bars(fig, FUNNEL_BAR) == [d.funnel[s] for s in FUNNEL] == [7, 5, 4, 2, 2]
    assert _bars(fig, REPORTED) == [547]
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    if lang == "en":
        assert ticks[:2] == ["held", "held on criminal charges only"]
        assert ticks[-1] == "reported: documented releases by\n2022-07-15 (SNHR)"
    else:
        assert "المحتجزون" in ticks[0] and "SNHR" in ticks[-1]
    matplotlib.pyplot.close(fig)


# ------------------------------------------------------------------------- Arabic

def test_arabic_charts_are_drawn_in_a_font_that_has_every_letter(summary: PopulationSummary) -> None:
    assert shapes_arabic(), "matplotlib >= 3.11 lays Arabic out itself (libraqm)"
    font = FT2Font(font_manager.findfont(FONT, fallback_to_default=False))
    figures = [timeline_chart(CORPUS, "ar"), outcomes_chart(summary, "ar"),
               blocking_chart(summary, "LD-7-2022", CORPUS.catalogue, "ar"), funnel_chart(summary, "LD-7-2022", "ar")]
    seen = set()
    for fig in figures:
        for text in _texts(fig):
            seen |= {c for c in text if unicodedata.category(c) not in ("Cf", "Cc", "Zs")}
        matplotlib.pyplot.close(fig)
    arabic = {c for c in seen if ARABIC.match(c)}
    assert len(arabic) > 25
    assert sorted(c for c in seen if font.get_char_index(ord(c)) == 0) == []


def test_arabic_is_shaped_and_laid_out_right_to_left() -> None:
    from amnestyrules.population.charts.style import text
    font = FT2Font(font_manager.findfont(FONT))
    word = "المحتجزون"
    glyphs = [i.glyph_index for i in _text_helpers.layout(text(word, "ar"), font) if not unicodedata.category(i.char) == "Cf"]
    nominal = [font.get_char_index(ord(c)) for c in word]
    assert len(glyphs) == len(word) and sorted(glyphs) != sorted(nominal), "joined letters take their contextual forms"
    # right to left: the first letter drawn rightmost; a decree id, a date and a share keep their own order
    assert _visual(text(word, "ar")) == word[::-1]
    assert _visual(text("مراسيم العفو في سوريا، 2011-2026", "ar")) == "2011-2026 ،ايروس يف وفعلا ميسارم"
    assert _visual(text("139 (35% من المحتجزين)", "ar")) == ")نيزجتحملا نم 35%( 139"


# ------------------------------------------------------------------------- files

@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_a_chart_is_written_as_png_or_svg(tmp_path: Path, suffix: str) -> None:
    fig = timeline_chart(CORPUS, start=2022, end=2022)
    path = save(fig, tmp_path / f"t.{suffix}")
    head = path.read_bytes()[:200]
    assert head.startswith(b"\x89PNG") if suffix == "png" else b"<svg" in head
    with pytest.raises(ar.InputError, match="expected a chart file name ending in .png or .svg"):
        save(fig, tmp_path / "t.jpg")
    matplotlib.pyplot.close(fig)


def test_the_readme_shows_a_committed_png_of_each_chart() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"!\[[^\]]*\]\((docs/charts/[^)]+\.png)\)", readme)
    for name in ("timeline", "outcomes", "blocking", "funnel"):
        assert any(name in s for s in shown), name
    for s in shown:
        assert (ROOT / s).read_bytes()[:4] == b"\x89PNG", s
