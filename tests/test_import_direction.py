"""The folders draw the data flow, and the imports must follow it.

    ground  <-  crawler   (facts in)
    ground  <-  checks    (facts -> findings)
    ground  <-  reports   (findings out; rule metadata through the pack's public API only)
    ground, stages  <-  govaudit (the command line), which nothing imports

The replica (a test portal) may read the ground's data and the rule pack's public API, so a
planted defect follows the rule that declares it; bench/ and tests/ are harnesses on top of
everything. Any other edge is a back-edge: a stage that needs the CLI, a report that reaches
into a rule's internals, or a ground that knows a stage.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("ground", "crawler", "checks", "reports", "replica", "govaudit")
STAGES = ("crawler", "checks", "reports")
# What the checks offer other packages: rule metadata and the verdict, never rule internals.
CHECKS_PUBLIC = ("checks.api",)

ALLOWED = {
    "ground": (),
    "crawler": ("ground",),
    "checks": ("ground",),
    "reports": ("ground", *CHECKS_PUBLIC),
    "replica": ("ground", *CHECKS_PUBLIC),
    "govaudit": ("ground", *STAGES, "replica"),
}


def _is_module(root: Path, dotted: str) -> bool:
    path = root.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imports_of(root: Path, path: Path) -> set[str]:
    """Every absolute module name a file imports, at any depth (late imports count too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module)
            # `from checks import pack` imports the module checks.pack (a name is not a module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names
                         if _is_module(root, f"{node.module}.{alias.name}"))
    return names


def allowed(importer: str, module: str) -> bool:
    top = module.split(".")[0]
    if top not in PACKAGES or top == importer:
        return True
    for permitted in ALLOWED[importer]:
        if module == permitted or module.startswith(permitted + "."):
            return True
    return False


def back_edges(root: Path) -> list[str]:
    found = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            for module in sorted(imports_of(root, path)):
                if not allowed(package, module):
                    # `from checks import api` also yields plain `checks`: the package itself is
                    # only its __init__, which is allowed when a public module of it is.
                    if module in {p.split(".")[0] for p in ALLOWED[package]}:
                        continue
                    found.append(f"{path.relative_to(root)} imports {module}")
    return found


def test_no_back_edges_in_the_tree():
    assert back_edges(ROOT) == []


def test_nothing_but_harnesses_imports_the_command_line():
    importers = [p for p in PACKAGES if p != "govaudit" and "govaudit" in ALLOWED[p]]
    assert importers == []


def test_a_back_edge_is_seen(tmp_path):
    """The scanner itself: a ground module importing a stage, a stage importing the CLI late
    inside a function, and a report reaching into a rule module are all reported."""
    for package in PACKAGES:
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "ground" / "store.py").write_text("from checks.runner import run\n")
    (tmp_path / "crawler" / "run.py").write_text("def f():\n    import govaudit.cli\n")
    (tmp_path / "reports" / "ok.py").write_text("from checks import api\nfrom ground import store\n")
    (tmp_path / "checks" / "api.py").write_text("")
    (tmp_path / "checks" / "rules").mkdir()
    (tmp_path / "checks" / "rules" / "__init__.py").write_text("")
    (tmp_path / "checks" / "rules" / "column.py").write_text("")
    (tmp_path / "reports" / "bad.py").write_text("from checks.rules import column\n")
    assert back_edges(tmp_path) == [
        "ground/store.py imports checks.runner",
        "crawler/run.py imports govaudit.cli",
        "reports/bad.py imports checks.rules",
        "reports/bad.py imports checks.rules.column",
    ]
