"""The direction of the apps, read from the code: `meetings` builds on `plg` (people and
teams) and never the other way round, and the meetings modules import each other without a
cycle. Both are read with ast, so an import inside a function counts as well."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: A module of the meetings app named in a string, as settings and include() do.
MEETINGS_NAME = re.compile(r"meetings(\.\w+)+")
#: The only places plg may name a meetings module: the settings register its context
#: processor, and the project's urls include the meeting URLs by name.
NAMES_ALLOWED = {
    "plg/settings.py": {"meetings.context_processors.school_year"},
    "plg/urls.py": {"meetings.urls"},
}


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports, anywhere in it: (line, dotted name). `from a import b`
    gives a.b when b is a module of this tree, else a."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = _module(path) if path.name == "__init__.py" else _module(path).rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                name = f"{base}.{alias.name}"
                found.append((node.lineno, name if _is_module(name) else base))
    return found


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _python_files(app: str) -> list[Path]:
    return sorted((ROOT / app).rglob("*.py"))


def test_plg_never_imports_meetings():
    imports = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in _python_files("plg")
        for line, name in _imports(path)
        if name == "meetings" or name.startswith("meetings.")
    ]

    assert imports == []


def test_plg_names_meetings_only_in_settings_and_the_url_include():
    names = []
    for path in _python_files("plg"):
        relative = str(path.relative_to(ROOT))
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and MEETINGS_NAME.fullmatch(node.value)
                and node.value not in NAMES_ALLOWED.get(relative, set())
            ):
                names.append(f"{relative}:{node.lineno} names {node.value!r}")

    assert names == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), or a module
    that imports itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
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
            if len(component) > 1 or node in graph.get(node, ()):
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def test_the_cycle_finder_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}

    assert _cycles(graph) == [["a", "b", "c"]]


def test_meetings_modules_import_each_other_without_a_cycle():
    graph = {
        _module(path): {name for _line, name in _imports(path) if name.startswith("meetings.")}
        - {_module(path)}
        for path in _python_files("meetings")
        if "migrations" not in path.parts
    }

    assert _cycles(graph) == []
