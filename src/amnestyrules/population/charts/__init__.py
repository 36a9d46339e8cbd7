"""The charts researchers publish, drawn with matplotlib (PNG or SVG): (a) the decree timeline,
(b) each decree's outcomes for a population, (c) the articles that keep people in, (d) one
decree's release funnel. Each returns a matplotlib Figure; :func:`save` writes it."""

from amnestyrules.population.charts.funnel import funnel_chart
from amnestyrules.population.charts.outcomes import blocking_chart, outcomes_chart
from amnestyrules.population.charts.style import save
from amnestyrules.population.charts.timeline import timeline_chart

__all__ = ["blocking_chart", "funnel_chart", "outcomes_chart", "save", "timeline_chart"]
