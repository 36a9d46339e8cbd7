"""A decree's rulings as a decision tree, grown from the questions the reference ruling asks.

For a charge with nothing unknown to the decree, the ruling is a function of the checks that
hold, but the ruling does not read all of them: after a failed cutoff it reads nothing more, and
of a provision whose selector fails it reads no exclusion or condition. Most charges under most
decrees are settled by a handful of checks (the cutoff, every selector), whatever their other
facts, so a memo keyed on every field the decree reads would see each combination of irrelevant
facts as new. This tree is keyed on the questions instead.

How: the reference :func:`~amnestyrules.engine.rulings.ground_ruling` is given an object that
evaluates a check only when the ruling asks ``name in holds`` and records the question and its
answer. The recorded path (check, answer, check, answer...) leads to the ruling; to find the
ruling of another charge, the tree asks the same questions of it, in the same order, and follows
the answers. That is exact because the ruling asks its next question only from the answers so far
(and from facts of the charge and person outside the checks, which are part of the root key:
see :mod:`amnestyrules.engine.compiled`). The tree stores rulings without their explanations.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Optional

Test = Callable[[Mapping[str, object]], bool]
#: Nodes kept per tree (a node is about 100 bytes); past it the tree stops growing.
MAX_NODES = 50_000


class Asker:
    """``name in asker``: evaluates that check on the ground charge and records the question."""

    __slots__ = ("tests", "ground", "asked", "answers")

    def __init__(self, tests: Mapping[str, Test], ground: Mapping[str, object]) -> None:
        self.tests = tests
        self.ground = ground
        self.asked: list[tuple[str, bool]] = []
        self.answers: dict[object, bool] = {}

    def __contains__(self, name: object) -> bool:
        answer = self.answers.get(name)
        if answer is None:   # a question asked again is answered from the first time (and not recorded)
            answer = self.answers[name] = self.tests[name](self.ground)  # type: ignore[index]
            self.asked.append((name, answer))  # type: ignore[arg-type]
        return answer


class _Leaf:
    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


class DecisionTree:
    """Per root key, nodes ``[check name, if false, if true]`` ending in leaves (the rulings)."""

    def __init__(self, tests: Mapping[str, Test]) -> None:
        self.tests = tests
        self.roots: dict[object, Any] = {}
        self.nodes = 0
        self._names = {name: name for name in tests}   # the table's own strings, not each question's copy

    def lookup(self, root: object, ground: Mapping[str, object]) -> Optional[Any]:
        """The value stored for the path this ground charge takes, or None if it was never grown."""
        node = self.roots.get(root)
        tests = self.tests
        while node is not None:
            if node.__class__ is _Leaf:
                return node.value
            node = node[2] if tests[node[0]](ground) else node[1]
        return None

    def grow(self, root: object, asked: list[tuple[str, bool]], value: Any) -> None:
        """Store ``value`` at the end of the recorded questions and answers."""
        if self.nodes + len(asked) + 1 > MAX_NODES:
            return
        if not asked:
            if root not in self.roots:
                self.roots[root] = _Leaf(value)
                self.nodes += 1
            return
        asked = [(self._names.get(name, name), answer) for name, answer in asked]
        node = self.roots.get(root)
        if node is None:
            node = self.roots[root] = [asked[0][0], None, None]
            self.nodes += 1
        for i, (name, answer) in enumerate(asked):
            if node.__class__ is _Leaf or node[0] != name:
                raise AssertionError(f"the ruling asked {name!r} where the tree asks {node!r}: it must ask the "
                                     "same questions given the same answers")
            slot = 2 if answer else 1
            if i + 1 < len(asked):
                if node[slot] is None:
                    node[slot] = [asked[i + 1][0], None, None]
                    self.nodes += 1
                node = node[slot]
            elif node[slot] is None:
                node[slot] = _Leaf(value)
                self.nodes += 1
