"""The test suite's own layout (tests/__init__.py): every test module lives in `unit/`, `e2e/` or `real_data/`; no
module of the suite imports a test module or a conftest, only `tests.support`; a unit test asks for no pipeline run,
portal, browser or real data; the helpers in `tests/support` are helpers, each saying what belongs in it; and the
files the suite runs first (LONGEST_FIRST in tests/conftest.py) are test files of it. Read from the modules' source
with `ast`, nothing imported."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parents[1]
TEST_FOLDERS = ("unit", "e2e", "real_data")
SUPPORT = "tests.support"
# What a unit test must not name: the e2e fixtures and helpers of the demo run and the CKAN portal, a Dagster run,
# a dbt command, a browser, and the real data folder.
NOT_IN_UNIT_TESTS = {
    "demo_release",
    "copy_demo_release",
    "ckan_portal",
    "run_pipeline",
    "materialize",
    "execute_in_process",
    "DBT_EXECUTABLE",
    "browse",
    "open_page",
    "require_chromium",
    "require_realdata",
    "REALDATA_DIR",
    "real_texts",
    "popolo_validators",
}


def _modules() -> list[Path]:
    """Every Python module of the suite: test modules, conftests and helpers."""
    return sorted(p for p in TESTS_DIR.rglob("*.py") if "__pycache__" not in p.parts)


def _test_modules() -> list[Path]:
    return sorted({*TESTS_DIR.rglob("test_*.py"), *TESTS_DIR.rglob("*_test.py")})  # pytest's default patterns


def _other_test_modules() -> list[Path]:
    """The test modules but this one, which names what they may not."""
    return [p for p in _test_modules() if p != Path(__file__).resolve()]


def _relative(path: Path) -> str:
    return path.relative_to(TESTS_DIR.parent).as_posix()


def forbidden_imports(source: str) -> list[str]:
    """The imports of `source` that reach into the suite other than through `tests.support`: another test module, a
    conftest (by package or by plain name), any other module of `tests`, or anything imported relatively."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                found.append("." * node.level + (node.module or ""))
                continue
            modules = [f"tests.{a.name}" for a in node.names] if node.module == "tests" else [node.module]
        elif isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        else:
            continue
        for module in modules:
            top = module.split(".")[0]
            outside_support = top == "tests" and module != SUPPORT and not module.startswith(f"{SUPPORT}.")
            if outside_support or top == "conftest" or top.startswith("test_"):
                found.append(module)
    return found


def names_used(source: str) -> set[str]:
    """Every name a module uses: its names, attributes, parameters (so the fixtures it asks for), imported names and
    the fixtures it asks for by name (`pytest.mark.usefixtures("...")`, `request.getfixturevalue("...")`)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.alias):
            names |= {node.name.split(".")[-1], node.asname or node.name}
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", None) in ("usefixtures", "getfixturevalue"):
            names |= {a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
    return names


def test_every_test_module_is_in_unit_e2e_or_real_data():
    folders = {_relative(p): p.parent.relative_to(TESTS_DIR).as_posix() for p in _test_modules()}
    assert {module: folder for module, folder in folders.items() if folder not in TEST_FOLDERS} == {}
    for folder in TEST_FOLDERS:  # each a package, so that a file's name need only be unique in its folder
        assert (TESTS_DIR / folder / "__init__.py").is_file(), folder
        assert list((TESTS_DIR / folder).glob("test_*.py")), folder


def test_no_module_of_the_suite_imports_a_test_module_or_a_conftest_only_tests_support():
    found = {_relative(p): forbidden_imports(p.read_text(encoding="utf-8")) for p in _modules()}
    assert {module: imports for module, imports in found.items() if imports} == {}


@pytest.mark.parametrize(
    ("source", "forbidden"),
    [
        ("from tests.conftest import settings_under", ["tests.conftest"]),
        ("from tests.e2e.test_pipeline import published_counts", ["tests.e2e.test_pipeline"]),
        ("from tests.e2e.conftest import require_ckan_prerequisites", ["tests.e2e.conftest"]),
        ("from tests import conftest, support", ["tests.conftest"]),
        ("import conftest\nimport test_cli", ["conftest", "test_cli"]),
        ("from .conftest import manifest\nfrom . import test_docs", [".conftest", "."]),
        ("def f():\n    from tests.popolo import popolo_validators", ["tests.popolo"]),  # a local import too
        ("from tests.support.pipeline import settings_under\nimport tests.support.realdata", []),
        ("from tests import support\nfrom testsuite import x\nimport pytest", []),
    ],
    ids=[
        "a conftest",
        "a test module",
        "a folder's conftest",
        "a conftest from tests",
        "by plain name",
        "relatively",
        "inside a function",
        "tests.support",
        "neither",
    ],
)
def test_the_import_rule_names_what_reaches_past_tests_support(source, forbidden):
    assert forbidden_imports(source) == forbidden


def test_unit_tests_ask_for_no_pipeline_run_portal_browser_dbt_command_or_real_data():
    used = {_relative(p): names_used(p.read_text(encoding="utf-8")) & NOT_IN_UNIT_TESTS for p in _other_test_modules()}
    assert {m: sorted(names) for m, names in used.items() if names and m.startswith("tests/unit/")} == {}
    # the rule has teeth: the e2e and real-data tests do use these
    assert {"demo_release", "ckan_portal", "run_pipeline", "browse"} <= set().union(*used.values())


def test_only_real_data_tests_ask_for_the_real_data_folder():
    texts = {_relative(p): p.read_text(encoding="utf-8") for p in _other_test_modules()}
    asking = {module for module, text in texts.items() if "require_realdata" in names_used(text)}
    assert asking and {m for m in asking if not m.startswith("tests/real_data/")} == set()


def test_every_helper_module_says_what_belongs_in_it_and_holds_no_test_or_fixture():
    helpers = sorted((TESTS_DIR / "support").rglob("*.py"))
    assert {p.name for p in helpers} >= {"__init__.py", "realdata.py", "popolo.py", "browser.py", "portal.py"}
    for path in helpers:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert len(ast.get_docstring(tree) or "") > 80, _relative(path)
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        assert not [f.name for f in functions if f.name.startswith("test")], _relative(path)
        assert "fixture" not in names_used(path.read_text(encoding="utf-8")), _relative(path)
    assert not list((TESTS_DIR / "support").rglob("conftest.py"))


def test_the_names_a_module_uses_are_the_fixtures_it_asks_for_not_its_strings():
    source = (
        "@pytest.mark.usefixtures('ckan_portal')\n"
        "def test_x(demo_release):\n"
        "    assert dg.materialize and 'run_pipeline' != 'browse'\n"
    )
    assert {"ckan_portal", "demo_release", "materialize"} <= names_used(source)
    assert not {"run_pipeline", "browse"} & names_used(source)


def test_the_files_run_first_are_test_files_of_the_suite_named_once():
    """A file renamed or removed must leave LONGEST_FIRST too, or the order it was there to set is silently lost."""
    (longest_first,) = [
        node.value
        for node in ast.parse((TESTS_DIR / "conftest.py").read_text(encoding="utf-8")).body
        if isinstance(node, ast.Assign) and [t.id for t in node.targets if isinstance(t, ast.Name)] == ["LONGEST_FIRST"]
    ]
    named = ast.literal_eval(longest_first)
    assert len(named) == len(set(named)) > 0
    assert set(named) <= {_relative(p) for p in _test_modules()}, set(named) - {_relative(p) for p in _test_modules()}
