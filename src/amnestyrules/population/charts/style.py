"""What every chart shares: the backend, the font, the colours, Arabic text, saving.

Charts are drawn with matplotlib's Agg backend (no screen needed) in DejaVu Sans, which matplotlib
ships and which has the Arabic letters. Arabic is shaped (letters joined in their contextual
forms) and laid out right to left by matplotlib's own text engine, libraqm, from matplotlib 3.11:
the text is passed in logical order, with the same direction marks as Arabic terminal output
(:func:`amnestyrules.present.i18n.bidi_line`: a right-to-left mark opens the line and each
left-to-right run - a decree id, a date, a number - is isolated so it keeps its order). Shaping
it beforehand with arabic-reshaper and python-bidi, as older matplotlib needed, would reverse the
text a second time under libraqm, so an Arabic chart refuses to draw without it rather than
draw unreadable labels.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Union

from amnestyrules.errors import AmnestyRulesError, InputError
from amnestyrules.present.i18n import bidi_text, message

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FONT = "DejaVu Sans"
FORMATS = (".png", ".svg")
DPI = 150
#: Okabe-Ito colours: told apart with the common colour-vision deficiencies, readable in grey.
KIND_COLOURS = {"general": "#0072B2", "specific": "#D55E00", "military-service": "#009E73",
                "extension": "#CC79A7", "political": "#E69F00"}
GROUP_COLOURS = {"released": "#009E73", "released_if": "#8FD6B8", "sentence_reduced": "#56B4E9",
                 "blocked_one": "#E69F00", "blocked_several": "#D55E00", "out_of_reach": "#8C8C8C",
                 "undetermined": "#CC79A7"}
FUNNEL_COLOUR = "#0072B2"
INK = "#222222"
MUTED = "#555555"


def pyplot() -> Any:
    """matplotlib.pyplot on the Agg backend, or a clear error naming the extra to install."""
    try:
        import matplotlib
    except ImportError:
        raise AmnestyRulesError("charts need matplotlib: pip install 'amnestyrules[charts]'") from None
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt
    plt.rcParams.update({"font.family": FONT, "svg.fonttype": "path", "axes.titleweight": "bold",
                         "axes.spines.top": False, "axes.spines.right": False, "text.color": INK,
                         "axes.labelcolor": INK, "xtick.color": INK, "ytick.color": INK})
    return plt


def shapes_arabic() -> bool:
    """Does the installed matplotlib shape Arabic itself (libraqm, matplotlib >= 3.11)?"""
    from matplotlib import ft2font
    return bool(getattr(ft2font, "__libraqm_version__", ""))


def check_language(lang: str) -> None:
    if lang not in ("en", "ar"):
        raise AmnestyRulesError(f"a chart language is en or ar, got {lang!r}")
    if lang == "ar" and not shapes_arabic():
        raise AmnestyRulesError("Arabic charts need matplotlib 3.11 or later (its libraqm text engine joins the "
                                "letters and lays them out right to left): pip install -U 'amnestyrules[charts]'")


def text(value: str, lang: str, width: int = 0) -> str:
    """Chart text in the reader's language: wrapped to ``width`` characters (0: not wrapped) and,
    in Arabic, each line opened by a right-to-left mark with its Latin runs and numbers isolated."""
    if width:
        value = "\n".join(textwrap.fill(part, width) for part in value.split("\n"))
    return bidi_text(value, lang)


def number(n: int, lang: str = "en") -> str:
    """A count with thousands separators (Arabic text keeps Western digits, as the decrees print them)."""
    return f"{n:,}"


def percent(part: int, whole: int) -> str:
    if not whole:
        return "0%"
    share = 100 * part / whole
    return f"{share:.1f}%" if share < 10 else f"{share:.0f}%"


def save(fig: "Figure", path: Union[str, os.PathLike[str]]) -> Path:
    """Write ``fig`` as PNG or SVG by the file's extension, trimmed to what is drawn."""
    out = Path(path)
    if out.suffix.lower() not in FORMATS:
        raise InputError(str(out), None, "a chart file name ending in .png or .svg")
    if not out.parent.is_dir():
        raise InputError(str(out), None, "a file in an existing directory", hint=f"no directory {out.parent}")
    fig.savefig(out, dpi=DPI, bbox_inches="tight", pad_inches=0.2, facecolor="white",
                metadata={"Software": None} if out.suffix.lower() == ".png" else {"Date": None})
    return out


# --------------------------------------------------------------------------- bar-chart furniture

def count_axis(ax: "Axes", lang: str, label: str, upto: float) -> None:
    """An x-axis of people (set the limits first): whole numbers with thousands separators, no tick
    past ``upto`` (the room right of the bars is for their labels), light vertical grid."""
    from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator
    ticks = MaxNLocator(nbins=8, integer=True).tick_values(0, upto)
    ax.xaxis.set_major_locator(FixedLocator([t for t in ticks if 0 <= t <= upto]))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: number(int(v))))
    ax.set_xlabel(text(label, lang), fontsize=10)
    ax.grid(axis="x", color="#E3E3E3", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)


def titles(ax: "Axes", lang: str, title: str, subtitle: str) -> None:
    """A bold title and a grey subtitle, on the left (on the right in Arabic)."""
    loc: Literal["left", "right"] = "right" if lang == "ar" else "left"
    below = text(subtitle, lang, width=120)
    ax.set_title(text(title, lang), loc=loc, fontsize=13.5, pad=10 + 13 * (below.count("\n") + 1))
    ax.text(1.0 if lang == "ar" else 0.0, 1.01, below, transform=ax.transAxes, ha=loc, va="bottom", fontsize=9.5,
            color=MUTED, multialignment=loc)


def judged_line(as_of: "object", lang: str) -> str:
    """'judged as of 2022-07-15 - Synthetic population: assumptions, not data'."""
    date = as_of.isoformat() if hasattr(as_of, "isoformat") else str(as_of)
    return message("population.judged_on", lang, date=date) + " - " + message("population.assumptions_note", lang)


def mirror(ax: "Axes", lang: str) -> None:
    """Arabic: bars grow from the right, labels on the right (the text itself is laid out RTL)."""
    if lang != "ar":
        return
    ax.invert_xaxis()
    ax.yaxis.tick_right()
    for label in ax.get_yticklabels():      # a wrapped label's lines are ragged on the left, as Arabic is
        label.set_multialignment("right")
    ax.spines["right"].set_visible(True)
    ax.spines["left"].set_visible(False)


def value_label(ax: "Axes", x: float, y: float, value: str, lang: str, *, pad: float, colour: str = INK,
                gid: str = "") -> None:
    """A value written just past the end of a bar (to its left in a mirrored Arabic chart)."""
    ax.text(x + pad, y, text(value, lang), va="center", ha="right" if lang == "ar" else "left", fontsize=9.5,
            color=colour, gid=gid or None)


def legend_below(ax: "Axes", lang: str, ncol: int) -> None:
    """The legend under the x-axis label, measured on the renderer so it never covers it."""
    from matplotlib.patches import Patch
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()   # type: ignore[attr-defined]
    below = ax.xaxis.label.get_window_extent(renderer).y0 - 8
    _, y = ax.transAxes.inverted().transform((0, below))
    handles, labels = ax.get_legend_handles_labels()
    handles, labels = _columns(handles, ncol, lang, Patch(visible=False)), _columns(labels, ncol, lang, "")
    ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, y), ncol=ncol, fontsize=9, frameon=False,
              markerfirst=lang != "ar")


def _columns(items: list[Any], ncol: int, lang: str, blank: Any) -> list[Any]:
    """Legend entries in matplotlib's order (column by column), padded to full columns so that in
    Arabic the columns can run from the right: the first entry at the top right."""
    nrows = -(-len(items) // ncol)
    padded = items + [blank] * (nrows * ncol - len(items))
    columns = [padded[i * nrows:(i + 1) * nrows] for i in range(ncol)]
    if lang == "ar":
        columns.reverse()
    return [x for column in columns for x in column]
