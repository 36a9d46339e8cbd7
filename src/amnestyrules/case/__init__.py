"""What a lawyer knows: the person, the holds, the charges (profiles and their files).

Reads the law's vocabulary (statutes, facts) to refuse what cannot be true; knows nothing of
how a decree is evaluated.
"""
