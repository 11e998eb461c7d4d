"""Issue 9's shape, checked on the source: handlers see only services. No handler module
imports storage, SQLModel or SQLAlchemy, opens a unit of work, or parses a nudge's JSON
params (coach.nudges.Claimed reads them)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

HANDLERS = sorted((Path(__file__).resolve().parents[2] / "handlers").glob("*.py"))
FORBIDDEN = ("storage", "sqlmodel", "sqlalchemy")


def _imports(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", HANDLERS, ids=lambda p: p.name)
def test_a_handler_sees_only_services(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = {m for m in _imports(tree) if m.split(".")[0] in FORBIDDEN}
    assert not bad, f"{path.name} imports {sorted(bad)}"
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
             and isinstance(n.func, ast.Attribute) and n.func.attr == "uow"]
    assert not calls, f"{path.name} opens a unit of work"
    # JSON is storage's business (nudge params, drafts); the one exception is the
    # conversation table's own keys, which PTB's persistence hands the package as JSON.
    if path.name != "__init__.py":
        assert "json" not in _imports(tree), f"{path.name} parses JSON"


def test_the_check_sees_the_handlers() -> None:
    assert len(HANDLERS) > 20 and any(p.name == "nudge_render.py" for p in HANDLERS)
