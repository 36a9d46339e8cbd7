"""What the law says: the decree model, the statute catalogue, rule files and the corpus.

Nothing here knows a person or a charge; arrows point down only (to :mod:`amnestyrules.facts`,
:mod:`amnestyrules.loading`, :mod:`amnestyrules.errors`).
"""
