"""The package's layering, read from the source with ``ast``: no import cycles and no upward imports.

Every ``import`` counts, at module level and inside functions (a function-level import is still a dependency),
and so does ``importlib.import_module("kg....")`` with a literal name. Levels, lowest first:

    0  kg._version kg.vocab kg.errors kg.models kg.tables kg.text.* kg.data
    1  kg.extraction.* kg.sources kg.readers.* (readers: level 0 only)
    2  kg.graph.*
    3  kg.store.*                 (may import level 0 only)
    4  kg.ingest.*  kg.query.*    (never each other)
    5  kg.export.* kg.serve kg.nlp
    6  kg.cli.*

A module may import its own level or lower. ``kg/__init__.py`` and ``kg/__main__.py`` are exempt as importers
(the public facade loads everything lazily); importing the facade ``kg`` from inside the package is upward.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "kg"
EXEMPT = {"kg", "kg.__main__"}
TOP = "kg"  # the public facade

# module or package prefix -> level; the longest matching prefix names the module's layer
LEVELS: dict[str, int] = {
    **dict.fromkeys(
        ["kg._version", "kg.vocab", "kg.errors", "kg.models", "kg.tables", "kg.text", "kg.data"], 0
    ),
    **dict.fromkeys(["kg.extraction", "kg.sources", "kg.readers"], 1),
    "kg.graph": 2,
    "kg.store": 3,
    **dict.fromkeys(["kg.ingest", "kg.query"], 4),
    **dict.fromkeys(["kg.export", "kg.serve", "kg.nlp"], 5),
    "kg.cli": 6,
    TOP: 7,
}


@dataclass(frozen=True)
class Edge:
    """One import statement from one kg module of another."""

    source: str
    target: str
    path: Path
    line: int

    def where(self) -> str:
        return f"{self.path.relative_to(PACKAGE.parent)}:{self.line}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def resolve(name: str, modules: dict[str, Path]) -> str:
    """The module an imported dotted name executes: itself if it is a module, else its nearest package."""
    while name not in modules and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> list[Edge]:
    """Every kg module that ``path`` imports, wherever the import statement sits."""
    is_package = path.name == "__init__.py"
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            # `from kg.text import fold` imports the module kg.text.fold; `from kg.text import x` only kg.text
            found += [(f"{module}.{alias.name}", node.lineno) for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.args[0].value, node.lineno))
    edges = {}
    for dotted, line in found:
        if dotted == "kg" or dotted.startswith("kg."):
            target = resolve(dotted, modules)
            if target != name:
                edges[target, line] = Edge(name, target, path, line)
    return sorted(edges.values(), key=lambda e: (e.line, e.target))


def import_graph() -> list[Edge]:
    modules = all_modules()
    return [
        e for name, path in modules.items() if name not in EXEMPT for e in imports_of(name, path, modules)
    ]


def level_of(module: str) -> tuple[int, str] | None:
    """(level, layer) of a module, the layer being its LEVELS prefix."""
    for prefix in sorted(LEVELS, key=len, reverse=True):
        if module == prefix or module.startswith(prefix + "."):
            return LEVELS[prefix], prefix
    return None


def why_not(edge: Edge) -> str | None:
    """None if the import respects the layers, else the rule it breaks."""
    (src_level, src), (dst_level, dst) = level_of(edge.source), level_of(edge.target)  # type: ignore[misc]
    if src == dst:
        return None
    if dst == TOP:
        return "imports the public facade `kg` from inside the package"
    if src == "kg.store" and dst_level > 0:
        return f"kg.store may import level 0 only, not {dst} (level {dst_level})"
    if {src, dst} == {"kg.ingest", "kg.query"}:
        return "kg.ingest and kg.query never import each other"
    if dst_level > src_level:
        return f"upward: {src} (level {src_level}) imports {dst} (level {dst_level})"
    return None


def cycles(edges: list[Edge]) -> list[list[Edge]]:
    """One concrete cycle per strongly connected component (Tarjan), as the edges that close it."""
    graph: dict[str, dict[str, Edge]] = {}
    for e in edges:
        graph.setdefault(e.source, {}).setdefault(e.target, e)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)

    found = []
    for component in components:
        members = set(component)
        start = component[0]
        # breadth-first from start back to start, inside the component: the shortest cycle through start
        paths: dict[str, list[Edge]] = {start: []}
        queue = [start]
        cycle: list[Edge] = []
        while queue and not cycle:
            v = queue.pop(0)
            for w, e in sorted(graph.get(v, {}).items()):
                if w == start:
                    cycle = [*paths[v], e]
                    break
                if w in members and w not in paths:
                    paths[w] = [*paths[v], e]
                    queue.append(w)
        found.append(cycle)
    return found


def test_every_module_has_a_level() -> None:
    missing = [m for m in all_modules() if m not in EXEMPT and level_of(m) in (None, (LEVELS[TOP], TOP))]
    assert not missing, f"modules with no level in tests/test_layers.py: {missing}"


def test_no_import_cycles() -> None:
    found = cycles(import_graph())
    report = [" -> ".join([c[0].source] + [f"{e.target} ({e.where()})" for e in c]) for c in found]
    assert not report, "import cycles:\n  " + "\n  ".join(report)


def test_no_upward_imports() -> None:
    bad = []
    for e in import_graph():
        if level_of(e.source) is None or level_of(e.target) is None:
            continue  # reported by test_every_module_has_a_level
        rule = why_not(e)
        if rule:
            bad.append(f"{e.where()}: {e.source} imports {e.target}: {rule}")
    assert not bad, f"{len(bad)} imports break the layers:\n  " + "\n  ".join(sorted(bad))


def test_the_checker_sees_function_level_and_relative_imports(tmp_path: Path) -> None:
    """The parser itself: imports inside functions, relative imports and import_module("...") all count."""
    source = (
        "import importlib\n"
        "from . import fold\n"
        "def f():\n"
        "    from kg.graph.identity import VNL\n"
        "    return importlib.import_module('kg.cli.build')\n"
    )
    path = tmp_path / "probe.py"
    path.write_text(source, encoding="utf-8")
    modules = {**all_modules(), "kg.text.probe": path}
    targets = {(e.target, e.line) for e in imports_of("kg.text.probe", path, modules)}
    assert targets == {("kg.text.fold", 2), ("kg.graph.identity", 4), ("kg.cli.build", 5)}
    assert why_not(Edge("kg.text.probe", "kg.graph.identity", path, 4)).startswith("upward")
    assert why_not(Edge("kg.store.local", "kg.extraction.symbols", path, 1)).startswith("kg.store may")
    assert why_not(Edge("kg.query.core", "kg.ingest.core", path, 1)).startswith("kg.ingest and kg.query")
    assert why_not(Edge("kg.cli.build", "kg.ingest.core", path, 1)) is None
    assert why_not(Edge("kg.store.remote", "kg.store.local", path, 1)) is None
    assert why_not(Edge("kg.tables", "kg", path, 1)).startswith("imports the public facade")
    a_b, b_c, c_a = (Edge(x, y, path, 1) for x, y in [("a", "b"), ("b", "c"), ("c", "a")])
    assert cycles([a_b, b_c, c_a, Edge("c", "d", path, 1)]) == [[a_b, b_c, c_a]]
