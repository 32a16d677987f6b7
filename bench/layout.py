"""How presssearch's code is laid out: a table a newcomer (or a reviewer) can check.

For every module of ``src/presssearch``: its lines; then the places that
write down a list of languages, the ranking's constants, or an engine's name;
the modules that name an engine or import its library; and the cycles among the
modules' top-level imports (imports inside functions and under
``TYPE_CHECKING`` are deferred, so they cannot make a cycle at import time).
Prints the tables and writes the figures as JSON::

    python bench/layout.py [--json bench/out/layout.json] [--max-lines 800]

Exits 1 when a module is longer than ``--max-lines`` or the imports make a cycle.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "presssearch"
#: A literal list of two or more of the analyzed languages' codes, in any order.
LANGUAGE_LIST = re.compile(r"""[\[(]\s*(["'](en|es|fr)["']\s*,\s*){1,}["'](en|es|fr)["']""")
#: The ranking's constants, by the names BM25 gives them.
RANKING_CONSTANTS = re.compile(r"^\s*(K1|B|BM25_K1|BM25_B)\s*[:=]", re.MULTILINE)
ENGINE_LIBRARIES = ("whoosh", "tantivy")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def top_level_imports(tree: ast.Module, name: str, is_package: bool) -> set[str]:
    """The modules ``name`` imports when it is imported (not in functions, not for typing)."""
    found: set[str] = set()
    base = name if is_package else name.rpartition(".")[0]

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    anchor = base.rsplit(".", node.level - 1)[0] if node.level > 1 else base
                    module = f"{anchor}.{node.module}" if node.module else anchor
                else:
                    module = node.module or ""
                found.add(module)
                found.update(f"{module}.{a.name}" for a in node.names)
            elif isinstance(node, ast.If | ast.Try):
                visit(node.body)
                visit(node.orelse)
                for handler in getattr(node, "handlers", []):
                    visit(handler.body)

    visit(tree.body)
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles of ``graph`` (one per strongly connected group of modules)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1 or v in graph[v]:
                groups.append(sorted(group))

    sys.setrecursionlimit(10_000)
    for v in graph:
        if v not in index:
            connect(v)
    return groups


def survey() -> dict:
    modules: dict[str, dict] = {}
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = module_name(path)
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        imports = top_level_imports(tree, name, path.name == "__init__.py")
        all_imports = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
            a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
        }
        modules[name] = {
            "path": str(path.relative_to(ROOT)),
            "lines": text.count("\n"),
            "language_lists": [
                text.count("\n", 0, m.start()) + 1 for m in LANGUAGE_LIST.finditer(text)
            ],
            "ranking_constants": [
                text.count("\n", 0, m.start()) + 1 for m in RANKING_CONSTANTS.finditer(text)
            ],
            "engine_names": sorted(
                {
                    n.value
                    for n in ast.walk(tree)
                    if isinstance(n, ast.Constant) and n.value in ENGINE_LIBRARIES
                }
            ),
            "engine_libraries": sorted(
                lib
                for lib in ENGINE_LIBRARIES
                if any(i == lib or i.startswith(lib + ".") for i in all_imports)
            ),
        }
        graph[name] = imports
    names = set(graph)
    internal = {
        name: {i for i in imports if i in names and i != name} for name, imports in graph.items()
    }
    return {"modules": modules, "cycles": cycles(internal)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "out" / "layout.json")
    parser.add_argument("--max-lines", type=int, default=800)
    args = parser.parse_args(argv)
    found = survey()
    modules = found["modules"]
    print(f"{'module':<42} {'lines':>6}  notes")
    for name, info in sorted(modules.items(), key=lambda kv: -kv[1]["lines"]):
        notes = []
        if info["language_lists"]:
            notes.append(f"language list at line {', '.join(map(str, info['language_lists']))}")
        if info["ranking_constants"]:
            lines = ", ".join(map(str, info["ranking_constants"]))
            notes.append(f"ranking constants at line {lines}")
        if info["engine_names"]:
            notes.append("names engine " + ", ".join(info["engine_names"]))
        if info["engine_libraries"]:
            notes.append("imports " + ", ".join(info["engine_libraries"]))
        print(f"{name:<42} {info['lines']:>6}  {'; '.join(notes)}")
    longest = max(info["lines"] for info in modules.values())
    total = sum(info["lines"] for info in modules.values())
    print(f"\n{len(modules)} modules, {total} lines, longest {longest}")
    print("import cycles:", "none" if not found["cycles"] else found["cycles"])
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")
    print(f"written: {args.json}")
    return 1 if longest > args.max_lines or found["cycles"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
