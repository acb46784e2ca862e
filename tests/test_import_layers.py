"""The modules of solver/ import one another without cycles, and checking never needs the
document renderer.

Every ``import`` of a ``solver`` module counts, at module level or inside a function: a
function-level import only postpones a cycle, it does not remove it. An import names the
deepest module it reaches (``from solver.kinds import base`` is solver.kinds.base; ``from
solver.kinds import KINDS`` is solver.kinds), so a package that imports its own submodules
is a cycle only when a submodule imports the package back.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "solver"


def _modules() -> dict[str, Path]:
    modules = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


MODULES = _modules()


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _absolute(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module if _is_package(module) else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def _deepest(name: str) -> str | None:
    """The longest prefix of a dotted name that is a module of solver/."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(module: str) -> set[str]:
    """The solver modules that ``module`` imports anywhere in its text."""
    found = set()
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, node)
            names = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found.update(target for target in map(_deepest, names) if target)
    found.discard(module)
    return found


GRAPH = {module: imports_of(module) for module in MODULES}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def _one_cycle(graph: dict[str, set[str]], component: list[str]) -> list[str]:
    """A shortest path from the component's first module back to itself, for the message."""
    start, members = component[0], set(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in sorted(graph[node] & members):
            if target == start:
                return paths[node] + [start]
            if target not in paths:
                paths[target] = paths[node] + [target]
                queue.append(target)
    return component


def test_the_graph_sees_every_kind_of_import():
    assert "solver.answers" in GRAPH["solver.check.compare"]  # from solver import answers as A
    assert "solver.kinds" in GRAPH["solver.cli"]  # a function-level import
    assert "solver.steps.base" in GRAPH["solver.steps"]  # a package's own submodule


def test_no_import_cycles():
    cycles = [" -> ".join(_one_cycle(GRAPH, component)) for component in _cycles(GRAPH)]
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_checking_and_grading_do_not_import_the_document_renderer():
    offenders = sorted(module for module, targets in GRAPH.items()
                       if module.startswith(("solver.check", "solver.grade"))
                       and "solver.render.document" in targets)
    assert not offenders
