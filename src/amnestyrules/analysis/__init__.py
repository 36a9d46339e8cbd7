"""Questions about an answer: blocking sets, counterfactuals, questions to ask, comparison
across decrees, and the timeline of decrees applied to sentences. Every answer here comes
from asking the engine; no legal rule is restated."""
