"""The shape of the code: the largest modules and the import cycles between nnviz's modules.

Prints the ten largest modules (in lines), then every group of modules that import each
other in a circle (a strongly connected component of the module import graph, built by
grimp, the library import-linter uses), counted twice: with every import, and without the
imports made only for type checkers (``if TYPE_CHECKING:``), which run nothing.

    python bench/architecture.py [--top 10]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def largest_modules(top: int) -> list[tuple[int, str]]:
    """The ``top`` longest modules of the package, as (lines, path)."""
    sizes = []
    for path in sorted((ROOT / "nnviz").rglob("*.py")):
        with path.open(encoding="utf-8") as handle:
            sizes.append((sum(1 for _ in handle), str(path.relative_to(ROOT))))
    return sorted(sizes, reverse=True)[:top]


def import_cycles(exclude_type_checking: bool) -> list[list[str]]:
    """The groups of modules that import each other in a circle (largest first)."""
    import grimp

    graph = grimp.build_graph(
        "nnviz", cache_dir=None, exclude_type_checking_imports=exclude_type_checking
    )
    modules = sorted(graph.modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in modules}
    return [sorted(group) for group in _strongly_connected(modules, edges) if len(group) > 1]


def _strongly_connected(nodes: list[str], edges: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iteratively (the graph is small, but recursion limits are not)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            successors = edges.get(node, [])
            if child < len(successors):
                work.append((node, child + 1))
                nxt = successors[child]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                groups.append(group)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return sorted(groups, key=len, reverse=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=10, help="how many of the largest modules")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    print(f"largest modules (of {len(list((ROOT / 'nnviz').rglob('*.py')))}):")
    for lines, path in largest_modules(args.top):
        print(f"  {lines:5d}  {path}")
    for exclude, what in ((False, "every import"), (True, "without TYPE_CHECKING imports")):
        groups = import_cycles(exclude)
        members = sum(len(g) for g in groups)
        print(f"import cycles ({what}): {len(groups)} groups, {members} modules")
        for group in groups:
            print(f"  {len(group)}: {', '.join(group)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
