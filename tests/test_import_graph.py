"""The package's import graph, read from the source: no circle among module-level imports, and
ingest, clean and dates reach neither stanza nor torch, not even through a deferred import."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
HEAVY = ("stanza", "torch")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in (SRC / "framelab").rglob("*.py")}


@cache
def _imports(name: str, *, top_level_only: bool) -> frozenset[str]:
    """Absolute names imported by module ``name`` (framelab modules resolved to files)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found |= {f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES}
    return frozenset(found)


def _graph(top_level_only: bool) -> dict[str, set[str]]:
    return {
        name: {m for m in _imports(name, top_level_only=top_level_only) if m in MODULES}
        for name in MODULES
    }


def test_no_import_circle_among_module_level_imports():
    graph = _graph(top_level_only=True)
    # a package's __init__ re-exporting its modules is not a circle of the modules themselves
    for name in graph:
        graph[name] = {m for m in graph[name] if not name.startswith(m + ".")}
    state: dict[str, int] = {}
    circles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                circles.append([*trail[trail.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert circles == [], "import circles: " + "; ".join(" -> ".join(c) for c in circles)


def _reached(package: str) -> dict[str, list[str]]:
    """Modules reachable from ``package`` that import stanza or torch, with what they import."""
    graph = _graph(top_level_only=False)
    heavy = {
        n: {m for m in _imports(n, top_level_only=False) if m.split(".")[0] in HEAVY}
        for n in MODULES
    }
    start = [n for n in MODULES if n == package or n.startswith(package + ".")]
    assert start
    seen, todo, reached = set(), list(start), {}
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        if heavy[node]:
            reached[node] = sorted(heavy[node])
        todo.extend(graph[node] - seen)
    return reached


def test_the_graph_sees_deferred_heavy_imports():
    assert _reached("framelab.nlp"), "the annotate stage imports stanza; the walk must see it"


@pytest.mark.parametrize("package", ["framelab.ingest", "framelab.clean", "framelab.dates"])
def test_stage_never_reaches_stanza_or_torch(package):
    reached = _reached(package)
    assert reached == {}, f"{package} reaches {reached}"
