"""The package's shape (#13): folders by stage, imports one way, rdflib at the edges."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import kg

PACKAGE = Path(kg.__file__).parent
# the stages in flow order: a stage may import only from itself and those before it
STAGES = ("build", "store", "sparql", "anatomy", "validation", "output", "serve")
TOP = {"__init__", "__main__", "cli", "errors", "namespaces", "files"}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(("kg", *parts)).removesuffix(".__init__")
        found[name] = path
    return found


def _runtime_imports(path: Path) -> set[str]:
    """Modules imported when the code runs (``if TYPE_CHECKING:`` blocks left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for statement in block.body
        for node in ast.walk(statement)
    }
    names = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_at_most_eight_modules_at_the_top():
    top = {p.stem for p in PACKAGE.glob("*.py")}
    assert top <= TOP and len(top) <= 8


def test_every_stage_is_a_documented_subpackage():
    for stage in STAGES:
        init = PACKAGE / stage / "__init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc.split("\n\n")) <= 2, stage


def test_no_module_is_named_like_a_public_function():
    public = {name for name in kg.__all__ if name[0].islower()} - {"viz"}
    names = {name.rsplit(".", 1)[-1] for name in _modules()}
    assert not public & names
    assert not {"quick", "memo", "inline", "oxlookup"} & names


def test_imports_point_down_the_flow_and_never_in_a_circle():
    modules = _modules()
    graph = {
        name: {m for m in _runtime_imports(path) if m in modules} for name, path in modules.items()
    }

    def stage(name: str) -> int:
        parts = name.split(".")
        return STAGES.index(parts[1]) if len(parts) > 2 and parts[1] in STAGES else -1

    for name, imported in graph.items():
        if name.split(".")[-1] in ("cli", "__main__") or name == "kg":
            continue
        upward = [
            m
            for m in imported
            if stage(m) > stage(name) >= 0 or (stage(name) < 0 and stage(m) >= 0)
        ]
        assert not upward, f"{name} reaches up the flow to {upward}"
    visiting: set[str] = set()
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in done:
            return
        assert name not in visiting, "import circle: " + " -> ".join((*path, name))
        visiting.add(name)
        for other in graph[name]:
            visit(other, (*path, name))
        visiting.discard(name)
        done.add(name)

    for name in graph:
        visit(name, ())


def test_rdflib_lives_at_the_edges():
    users = sorted(
        name
        for name, path in _modules().items()
        if any(m.split(".")[0] == "rdflib" for m in _runtime_imports(path))
    )
    assert len(users) <= 5, users
    assert not [u for u in users if u.split(".")[1] in ("sparql", "anatomy", "serve")], users


@pytest.mark.parametrize(("library", "home"), [("pyvis", "kg.output.pictures"),
                                               ("owlready2", "kg.validation.reasoning"),
                                               ("pyshacl", "kg.validation.shapes")])  # fmt: skip
def test_each_heavy_library_has_one_home(library, home):
    users = {
        name
        for name, path in _modules().items()
        if any(m.split(".")[0] == library for m in _runtime_imports(path))
    }
    assert users == {home}
