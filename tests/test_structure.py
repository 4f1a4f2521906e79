"""The tree's imports run one way: no module imports another that leads back to it."""

from __future__ import annotations

import grimp
from django.test import SimpleTestCase


def cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Return the groups of modules that import each other, directly or around a loop."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


class StructureTestCase(SimpleTestCase):
    def test_it_has_no_import_cycles(self) -> None:
        graph = grimp.build_graph("orientir", include_external_packages=False)
        self.assertEqual(cycles(graph), [])

    def test_it_would_see_a_cycle(self) -> None:
        graph = grimp.ImportGraph()
        for name in ("a", "a.b", "a.c", "a.d"):
            graph.add_module(name)
        graph.add_import(importer="a.b", imported="a.c")
        graph.add_import(importer="a.c", imported="a.d")
        graph.add_import(importer="a.d", imported="a.b")
        self.assertEqual(cycles(graph), [["a.b", "a.c", "a.d"]])
