"""The dependency direction holds: `index` imports neither `reader` nor textual; the bookmark
domain, the config and the CLI's own modules import no widget; `reader search` never loads the
app; no module imports another that imports it back."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _loaded_after(imports: str) -> set[str]:
    code = f"import sys\n{imports}\nprint('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    return set(out.stdout.split())


@pytest.mark.parametrize(
    ("imports", "forbidden"),
    [
        ("import index.search, index.engine.build, index.ingest.dumps", ("reader", "textual")),
        ("import reader.bookmarks.store, reader.bookmarks.service, reader.bookmarks.exchange, "
         "reader.bookmarks.anchor, reader.config, reader.session", ("textual", "reader.app")),
        ("import reader.cli.main", ("textual", "reader.app")),
    ],
)  # fmt: skip
def test_layers_import_only_downwards(imports: str, forbidden: tuple[str, ...]) -> None:
    loaded = _loaded_after(imports)
    bad = sorted(m for m in loaded if any(m == f or m.startswith(f + ".") for f in forbidden))
    assert bad == []


def _imports_of(path: Path, package: str) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in tree.body:  # module level only: a function-level import is a deliberate break
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith(package):
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith(package))
    return found


def test_no_import_circles() -> None:
    modules: dict[str, set[str]] = {}
    for package in ("index", "reader"):
        for path in (ROOT / package).rglob("*.py"):
            rel = path.relative_to(ROOT).with_suffix("")
            name = ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
            modules[name] = _imports_of(path, package)
    graph = {m: {d for d in deps if d in modules and d != m} for m, deps in modules.items()}
    seen: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        seen[node] = 1
        stack.append(node)
        for dep in graph[node]:
            if seen.get(dep) == 1:
                cycle = stack[stack.index(dep) :] + [dep]
                raise AssertionError("import circle: " + " -> ".join(cycle))
            if dep not in seen:
                visit(dep)
        stack.pop()
        seen[node] = 2

    for module in sorted(graph):
        if module not in seen:
            visit(module)
