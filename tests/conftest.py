"""Shared fixtures: the real data folder, small hand-written landing folders, settings pointing into tmp dirs, a real
CKAN portal."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

import pytest

from dagster_project.hashing import file_sha256
from dagster_project.layout import PROJECT_DIR
from dagster_project.processes import exclusive
from dagster_project.settings import Settings
from tests.ckan_portal.portal import CkanPortal, missing_prerequisites

if TYPE_CHECKING:
    import dagster as dg

REALDATA_DIR = Path(os.environ.get("EPARL_REALDATA", PROJECT_DIR.parent / "shared" / "realdata"))

SUBMISSION_HEADER = (
    "submission_id,channel,received_at,answered_at,language,region_kato,addressee_id,topic,status,bill_id,"
    "signature_count,author_name,author_iin,author_phone,author_email,author_address,text"
)


def require_realdata() -> Path:
    """The real data folder; absent, the test skips on a user's clone and fails in CI, where it must be."""
    if not REALDATA_DIR.is_dir():
        reason = f"real data folder {REALDATA_DIR} is absent (set EPARL_REALDATA to where shared/realdata is)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return REALDATA_DIR


def assert_packages_pass_frictionless(publish_dir: Path) -> list[str]:
    """Run the stock `frictionless validate` command, as a data user would, on every datapackage.json of a publish
    folder; each must report valid. Returns the datasets checked."""
    frictionless = Path(sys.executable).with_name("frictionless")
    checked, invalid = [], {}
    for package in sorted(publish_dir.glob("*/datapackage.json")):
        answer = subprocess.run([frictionless, "validate", "--json", package], capture_output=True, text=True)
        report = json.loads(answer.stdout)
        errors = [f"{t['name']}: {e['message']}" for t in report["tasks"] for e in t["errors"]] + [
            e["message"] for e in report.get("errors", [])
        ]
        if answer.returncode or not report["valid"]:
            invalid[package.parent.name] = errors[:5] or [answer.stderr[-500:]]
        checked.append(package.parent.name)
    assert invalid == {}, invalid
    return checked


def occurrences(needles: set[str], texts: list[tuple[str, str]], workdir: Path) -> set[tuple[str, str]]:
    """Which of `needles` occur in which of `texts` (name, text), as (needle, name), by exact substring search of all
    needles at once: GNU grep's fixed-string search reads every text once for all of them, where a Python loop of
    `needle in text` reads every text once per needle (minutes for the demo's 10,000 planted values).

    Exact about whether any needle occurs in a text; where matches overlap, grep names the leftmost-longest (and the
    needles inside it are added). Needles hold no line break (grep reads line by line)."""
    assert needles and not any("\n" in needle or "\r" in needle or not needle for needle in needles)
    workdir.mkdir(parents=True, exist_ok=True)
    patterns = workdir / "needles.txt"
    patterns.write_text("".join(f"{needle}\n" for needle in sorted(needles)), encoding="utf-8")
    names = {}
    for number, (name, text) in enumerate(texts):
        (workdir / f"{number}.txt").write_text(text, encoding="utf-8")
        names[f"{number}.txt"] = name
    grep = ["grep", "--fixed-strings", "--only-matching", "--with-filename", "--file", str(patterns), *sorted(names)]
    # LC_ALL=C: bytes, so that no locale changes what matches (UTF-8 needles match only whole characters)
    found = subprocess.run(grep, cwd=workdir, capture_output=True, env={**os.environ, "LC_ALL": "C"})
    assert found.returncode in (0, 1), found.stderr  # 1: nothing found
    pairs = set()
    for line in found.stdout.decode("utf-8").splitlines():
        file, _, match = line.partition(":")
        pairs.add((match, names[file]))
    return {(needle, name) for match, name in pairs for needle in needles if needle in match}


def folder_hashes(folder: Path) -> dict[str, str]:
    """The sha256 of every file under `folder` (less the publisher's `.build` folders), by its relative path."""
    return {
        p.relative_to(folder).as_posix(): file_sha256(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".build" not in p.parts
    }


def write_json(path: Path, document: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def write_text(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def settings_under(root: Path, **overrides: object) -> Settings:
    """Settings whose landing folder, warehouse, publish folder and validation folder all lie under `root`."""
    return Settings(
        **{
            "landing_dir": root / "landing",
            "warehouse": root / "warehouse.duckdb",
            "publish_dir": root / "published",
            "validation_dir": root / "validation",
            **overrides,
        }
    )


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return settings_under(tmp_path)


# ---- a real CKAN portal (tests/ckan_portal): for the CKAN publisher's tests ---------------------------------------
def require_ckan_prerequisites() -> None:
    """Skip (on a user's clone) or fail (where EPARL_REQUIRE_CKAN is set, as .ci/run does) naming what is missing."""
    missing = missing_prerequisites()
    if missing:
        reason = "a real CKAN portal needs " + "; ".join(missing)
        if os.environ.get("EPARL_REQUIRE_CKAN"):
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(scope="session")
def ckan_portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CkanPortal]:
    """A CKAN 2.12 portal for the whole session (about 20 s to start): `.site_url`, `.api_token`, `.sysadmin`,
    `.ckan(...)` (the CLI), `.stop_server()` / `.start_server()`. Its logs stay in pytest's tmp folder."""
    require_ckan_prerequisites()
    portal = CkanPortal(tmp_path_factory.mktemp("ckan_portal")).start()
    try:
        yield portal
    finally:
        portal.stop()


def cli_environment(dagster_home: Path, **variables: object) -> dict[str, str | None]:
    """The environment of an `eparl` command run in this process (CliRunner's `env`): its Dagster home and
    `variables`, and no other EPARL_ variable. The definitions put their settings in the process's environment for
    dbt (`Settings.export`), so a command run after another test's run would otherwise inherit its settings (its
    CKAN portal, say)."""
    inherited = {name: None for name in os.environ if name.startswith("EPARL_")}
    return {**inherited, "DAGSTER_HOME": str(dagster_home), **{name: str(v) for name, v in variables.items()}}


# ---- the demo run: the pipeline run once on small demo data, through the CLI, shared by the whole session --------
DEMO_RELEASE_SCALE = 0.05


@pytest.fixture(scope="session")
def demo_release(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Demo data (scale 0.05, seed 7) through `eparl run`, once per session, with a Dagster instance of its own
    (`root/dagster_home`): `settings`, `root`, `summary` (the generator's), `cli` (the CLI's `output` and
    `exit_code`), `log` (its `--log-file`), `instance` and `run_id`. Tests must not change it: `copy_demo_release`
    gives a copy to change.

    Under pytest-xdist (`make test` runs two workers) the run is made once for all workers: the first to need it
    makes it in the folder the workers' temporary folders share, under a lock, and the others wait and read it."""
    import dagster as dg

    worker_temp = tmp_path_factory.getbasetemp()
    shared = worker_temp.parent if os.environ.get("PYTEST_XDIST_WORKER") else worker_temp
    made = shared / "demo_release.pickle"
    with exclusive(shared / "demo_release.lock"):
        if not made.exists():
            made.write_bytes(pickle.dumps(_run_demo(shared / "demo_release")))
    demo = pickle.loads(made.read_bytes())
    instance = dg.DagsterInstance.from_config(str(demo["root"] / "dagster_home"))
    return {**demo, "instance": instance}


def _run_demo(root: Path) -> dict:
    import dagster as dg
    from typer.testing import CliRunner

    from dagster_project.cli import app
    from dagster_project.demo.generator import generate_landing

    settings = settings_under(root)
    summary = generate_landing(settings.landing_dir, scale=DEMO_RELEASE_SCALE, seed=7)
    home = root / "dagster_home"
    home.mkdir()
    log = root / "logs" / "run.log"
    arguments = ["--log-file", str(log), "run", "--landing", str(settings.landing_dir)]
    arguments += ["--warehouse", str(settings.warehouse), "--publish-dir", str(settings.publish_dir)]
    cli = CliRunner().invoke(app, arguments, env=cli_environment(home, EPARL_VALIDATION_DIR=settings.validation_dir))
    (run,) = dg.DagsterInstance.from_config(str(home)).get_runs(limit=1)
    assert run.status == dg.DagsterRunStatus.SUCCESS, cli.output[-3000:]
    return {
        "settings": settings,
        "root": root,
        "summary": summary,
        "cli": SimpleNamespace(output=cli.output, exit_code=cli.exit_code),
        "log": log,
        "run_id": run.run_id,
    }


def copy_demo_release(demo_release: dict, root: Path) -> tuple[Settings, dg.DagsterInstance]:
    """A copy of the demo run under `root` (landing, warehouse, releases, published files and its Dagster instance),
    to run the pipeline again on as a daily run would: the settings pointing into the copy, and its instance."""
    import dagster as dg

    shutil.copytree(demo_release["root"], root, symlinks=True)
    return settings_under(root), dg.DagsterInstance.from_config(str(root / "dagster_home"))
