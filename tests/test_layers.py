"""Apps import only from apps below them (DESIGN.md, "Suggested apps, lower layers first").

Every import counts, including ones inside functions: a lazy import is still a dependency,
and an upward one is how import cycles start.
"""

from __future__ import annotations

import ast
from pathlib import Path

import alongside

# Lowest first; an app may import from itself and from apps earlier in this list.
LAYERS = (
    "core",
    "accounts",
    "people",
    "outreach",
    "opportunities",
    "payments",
    "engagement",
    "impact",
    "learning",
    "plan",
    "insights",
    "api",
    "bench",  # benchmarks and load tests build data for every app
)
ROOT = Path(alongside.__file__).parent


def _imported_apps(path: Path) -> set[tuple[str, int]]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "alongside" and len(parts) > 1 and parts[1] in LAYERS:
                found.add((parts[1], node.lineno))
    return found


def _upward_imports() -> list[str]:
    wrong = []
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")) if (ROOT / app).is_dir() else []:
            for other, line in _imported_apps(path):
                if LAYERS.index(other) > LAYERS.index(app):
                    wrong.append(f"{path.relative_to(ROOT.parent)}:{line} imports alongside.{other}")
    return sorted(wrong)


def test_every_app_is_in_a_layer():
    apps = {p.name for p in ROOT.iterdir() if (p / "apps.py").is_file()}
    assert apps <= set(LAYERS), f"add these apps to LAYERS in tests/test_layers.py: {apps - set(LAYERS)}"


def test_apps_import_only_from_lower_layers():
    wrong = _upward_imports()
    assert not wrong, "upward imports (move the code down, or use a signal):\n" + "\n".join(wrong)
