"""The fixtures only end-to-end tests use: the session's demo run, made once for every worker, and a real CKAN
portal. Here rather than in tests/conftest.py so that no unit or real-data test can ask for them."""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from dagster_project.processes import exclusive
from tests.support.ckan_portal.portal import CkanPortal, missing_prerequisites
from tests.support.pipeline import DEMO_RELEASE_SCALE, cli_environment, settings_under


# ---- a real CKAN portal (tests/support/ckan_portal): for the CKAN publisher's tests ------------------------------
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


# ---- the demo run: the pipeline run once on small demo data, through the CLI, shared by the whole session --------
@pytest.fixture(scope="session")
def demo_release(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Demo data (scale 0.05, seed 7) through `eparl run`, once per session, with a Dagster instance of its own
    (`root/dagster_home`): `settings`, `root`, `summary` (the generator's), `cli` (the CLI's `output` and
    `exit_code`), `log` (its `--log-file`), `instance` and `run_id`. Tests must not change it: `copy_demo_release`
    (tests.support.pipeline) gives a copy to change.

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
