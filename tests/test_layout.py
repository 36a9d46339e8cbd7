"""The package's layout is its architecture: imports point down only, so no concept reaches
into one above it and no import circle can form (issue: "The house")."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "amnestyrules"

#: Each concept and the layer it sits on; a module may import only from its own or lower layers.
LAYERS = {
    "errors": 0, "facts": 0, "parsing": 0, "loading": 0, "version": 0,
    "law": 1, "case": 2, "engine": 3, "analysis": 4, "present": 5, "testing": 6, "population": 7, "web": 8,
    "cli": 9,
    "__init__": 10, "__main__": 11,
}
#: Within the bottom layer, the order of its modules (errors <- facts <- parsing <- loading).
BOTTOM = {"errors": 0, "facts": 1, "parsing": 2, "loading": 3}


def _concept(module: str) -> str:
    """'amnestyrules.engine.rulings' -> 'engine'."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).with_suffix("")
        parts = [p for p in rel.parts if p != "__init__"] or ["__init__"]
        name = "amnestyrules." + ".".join(parts) if parts != ["__init__"] else "amnestyrules"
        out[name] = path
    return out


def _imports(path: Path) -> set[str]:
    """Every amnestyrules module a file imports, at any depth of the file (lazy imports count);
    ``from package import submodule`` counts as importing the submodule."""
    found: set[str] = set()
    known = _MODULES
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("amnestyrules"):
            assert node.level == 0, f"{path}: relative import (write absolute imports)"
            subs = {f"{node.module}.{a.name}" for a in node.names} & set(known)
            found |= subs if len(subs) == len(node.names) else subs | {node.module}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("amnestyrules")}
    return found


_MODULES = _modules()


def test_imports_point_down_only() -> None:
    wrong = []
    for name, path in _modules().items():
        mine = _concept(name) if name != "amnestyrules" else "__init__"
        if name.endswith("__main__"):
            mine = "__main__"
        for target in _imports(path):
            theirs = _concept(target) if target != "amnestyrules" else "__init__"
            if theirs == mine:
                continue
            if LAYERS[theirs] > LAYERS[mine] or (LAYERS[theirs] == LAYERS[mine] == 0
                                                and BOTTOM[theirs] > BOTTOM[mine]):
                wrong.append(f"{name} imports {target}")
    assert not wrong, "imports that point up:\n" + "\n".join(sorted(wrong))


def test_no_import_circle_between_modules() -> None:
    mods = _modules()
    graph = {name: {t for t in _imports(p) if t in mods and t != name} for name, p in mods.items()}
    # Package __init__ files re-export; a module importing its own package's __init__ is not a circle.
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> None:
        state[n] = 1
        stack.append(n)
        for m in graph[n]:
            if state.get(m) == 1:
                raise AssertionError("import circle: " + " -> ".join(stack[stack.index(m):] + [m]))
            if m not in state:
                visit(m)
        stack.pop()
        state[n] = 2

    for n in sorted(graph):
        if n not in state:
            visit(n)


#: A module a reader can hold in mind. The issue asked for "no file over ~500 lines"; the limit
#: leaves room for a docstring or two, and a module that needs more is a concept to split.
MAX_LINES = 550


def test_no_module_is_too_long_to_read() -> None:
    long = {name: n for name, path in _MODULES.items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines (split them by concept): {long}"
