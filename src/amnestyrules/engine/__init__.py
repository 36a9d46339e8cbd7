"""How a decree meets a charge: checks compiled from a decree, grounding of unknowns, the
shared legal semantics (rulings and outcomes, once), the backends, and batch evaluation."""
