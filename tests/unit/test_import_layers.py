"""The imports between the project's layers point down (issue 14). The asset modules (`dagster_project/assets/`) stand
side by side: none imports another (but for `SIBLING`), they share keys through `dagster_project/asset_keys.py`, and
only `definitions.py` and `cli.py` import them. `publish/` describes and ships datasets without the orchestration: of
`dagster_project` it imports only the leaf helpers, which import nothing of the project, and never Dagster. The
release package (`dagster_project/release/`) imports no Dagster and nothing that runs assets. Read from the modules'
source with `ast`, nothing imported."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCE_FOLDERS = ("dagster_project", "publish", "expectations", "bench")
ASSETS = "dagster_project.assets"
TOP = ("dagster_project.definitions", "dagster_project.cli")
"""Where the asset modules meet: the definitions, and the command line that runs and reports them."""
LEAVES = (
    "dagster_project.layout",
    "dagster_project.hashing",
    "dagster_project.json_documents",
    "dagster_project.privacy.detector",
)
"""The helpers `publish/` may use: they import nothing of the project."""
SIBLING = ("dagster_project.assets.publish", "dagster_project.assets.transform.dbt_models")
"""The one import of an asset module by another: the dbt tests' checks, for the publish gate (why: its docstring)."""
RELEASE = "dagster_project.release"
RELEASE_MAY_USE = (RELEASE, *LEAVES, "dagster_project.settings")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(source: str, module: str, is_package: bool = False) -> list[str]:
    """Everything `source` imports, anywhere in it, as absolute names: `from a.b import c` is `a.b.c` (c may be a
    module), and relative imports are resolved against `module`."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(
                [*package[: len(package) - node.level + 1], node.module or ""] if node.level else [node.module]
            )
            names += [f"{base.strip('.')}.{alias.name}" for alias in node.names]
    return names


def _under(name: str, *packages: str) -> bool:
    return any(name == package or name.startswith(f"{package}.") for package in packages)


def _is_dagster(name: str) -> bool:
    top = name.split(".")[0]
    return top == "dagster" or (top.startswith("dagster_") and top != "dagster_project")


def climbing(module: str, names: list[str]) -> list[str]:
    """The imports of `module` that break a layer's rule, each with the rule."""
    found = []
    for name in names:
        if _under(module, ASSETS) and module != ASSETS:
            if _under(name, ASSETS) and name.split(".")[:3] != module.split(".")[:3] and (module, name) != SIBLING:
                found.append(f"{name}: an asset module imports no other asset module (dagster_project/asset_keys.py)")
        elif _under(name, ASSETS) and module not in TOP:
            found.append(f"{name}: only {' and '.join(TOP)} import the asset modules")
        if _under(module, "publish") and (
            _is_dagster(name) or (_under(name, "dagster_project") and not _under(name, *LEAVES))
        ):
            found.append(f"{name}: publish/ imports of dagster_project only {', '.join(LEAVES)}, and no Dagster")
        if _under(module, RELEASE) and (
            _is_dagster(name) or (_under(name, "dagster_project") and not _under(name, *RELEASE_MAY_USE))
        ):
            found.append(f"{name}: the release package imports no Dagster, of dagster_project only the settings")
        if _under(module, *LEAVES) and _under(name, "dagster_project", "publish"):
            found.append(f"{name}: a leaf helper imports nothing of the project")
    return found


def _modules() -> list[Path]:
    return sorted(p for folder in SOURCE_FOLDERS for p in (ROOT / folder).rglob("*.py") if "__pycache__" not in p.parts)


def test_every_import_of_the_project_points_down():
    found = {}
    for path in _modules():
        module = module_name(path)
        names = imported(path.read_text(encoding="utf-8"), module, path.name == "__init__.py")
        found[path.relative_to(ROOT).as_posix()] = climbing(module, names)
    assert {path: problems for path, problems in found.items() if problems} == {}
    assert len(found) > 50  # the folders were read


@pytest.mark.parametrize(
    ("module", "source", "broken"),
    [
        ("dagster_project.assets.release", "from dagster_project.assets.publish import ckan_asset", 1),
        ("dagster_project.assets.enrich", "from .ingest import INGEST_GROUP", 1),
        ("dagster_project.assets.validate", "from dagster_project.assets import transform", 1),
        ("dagster_project.assets.publish", "from dagster_project.assets.transform import DBT_PROJECT", 1),
        ("dagster_project.assets.publish", "from dagster_project.assets.transform import dbt_models", 0),
        ("dagster_project.assets.docs", "def f():\n    import dagster_project.assets.transform", 1),
        ("dagster_project.privacy.scan", "from dagster_project.assets.publish import PUBLISH_GROUP", 1),
        ("publish.landing_page", "from dagster_project.release.build import Release", 1),
        ("publish.local", "from dagster_project.settings import Settings", 1),
        ("publish.ckan", "from dagster_project import resources", 1),
        ("publish.package", "import dagster as dg", 1),
        ("publish.package", "from dagster_dbt import DbtProject", 1),
        ("dagster_project.release.dataset", "import dagster", 1),
        ("dagster_project.release.sql", "from dagster_project.resources import Warehouse", 1),
        ("dagster_project.hashing", "from dagster_project.settings import Settings", 1),
        ("dagster_project.assets.publish", "from dagster_project.asset_keys import RELEASE_KEY", 0),
        ("dagster_project.assets.transform", "from dagster_project.assets.transform import DBT_PROJECT", 0),
        ("dagster_project.definitions", "from dagster_project.assets.docs import docs_asset", 0),
        ("publish.landing_page", "from dagster_project.privacy.detector import kinds_in", 0),
        ("publish.popolo", "from publish.package import trilingual", 0),
        ("dagster_project.release.sql", "from dagster_project.settings import Settings\nfrom .build import Release", 0),
    ],
)
def test_an_import_that_climbs_is_found(module, source, broken):
    assert len(climbing(module, imported(source, module))) == broken
