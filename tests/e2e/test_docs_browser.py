"""The documentation and the Dagster UI as a person sees them: headless Chromium (Debian's `chromium`, see
tests/support/browser.py) opens the published dbt docs site and the Dagster UI, both served on 127.0.0.1, and checks
that the model lineage and the asset graph are shown. Screenshots go to test-artefacts/."""

from __future__ import annotations

import functools
import http.server
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator

import pytest

from tests.support.browser import ARTEFACTS_DIR, browse, require_chromium


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def docs_site(demo_release) -> Iterator[str]:
    """The published dbt docs folder, served by http.server on a free port of 127.0.0.1."""
    require_chromium()
    folder = demo_release["settings"].publish_dir / "docs"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_the_docs_site_shows_every_research_mart_and_its_lineage(docs_site):
    with browse(
        f"{docs_site}/index.html#!/model/model.eparl.group_cohesion", ARTEFACTS_DIR / "dbt-docs-model.png"
    ) as visit:
        assert visit.status == 200
        # the model tree: its long names are broken across lines to fit, so compare without white space
        tree = re.sub(r"\s+", "", visit.text)
        for model in ("group_cohesion", "member_loyalty", "member_attendance", "bill_lifecycle", "vote_events"):
            assert model in tree
        assert "Agreement Index of Hix, Noury and Roland" in visit.text  # the English description
        assert "Сплочённость фракций при голосовании" in visit.text  # the kk/ru texts, from the model's meta
        visit.page.click("[title='View Lineage Graph']")
        visit.page.wait_for_selector("#cy canvas", state="attached")
        visit.page.wait_for_function("document.querySelector('#cy').getBoundingClientRect().height > 100")
        visit.page.wait_for_timeout(1000)  # let the graph lay out before the screenshot
        visit.page.screenshot(path=str(ARTEFACTS_DIR / "dbt-docs-lineage.png"))
        assert "Lineage Graph" in visit.page.inner_text("body")
        # the graph's nodes: group_cohesion, what it is built from and what is built from it
        nodes = visit.page.evaluate(
            "Array.from(document.querySelectorAll('#cy canvas')).some(c => c.width > 0 && c.height > 0)"
        )
        assert nodes
    assert (ARTEFACTS_DIR / "dbt-docs-lineage.png").stat().st_size > 10_000


def test_the_docs_site_opens_on_the_project_s_overview(docs_site):
    with browse(f"{docs_site}/index.html", ARTEFACTS_DIR / "dbt-docs-overview.png") as visit:
        assert visit.status == 200
        assert "e-Parlament open data: the warehouse" in visit.text  # dbt/models/overview.md, not dbt's welcome page
        assert "Welcome to the auto-generated documentation" not in visit.text


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def dagster_ui(demo_release, tmp_path) -> Iterator[str]:
    """`dagster-webserver` on the project's definitions, on a free port, with a throw-away DAGSTER_HOME. Started
    in a process group of its own and killed as a group (SIGKILL), so no server outlives the test."""
    require_chromium()
    port = _free_port()
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    env = {
        **os.environ,
        **demo_release["settings"].to_env(),
        "DAGSTER_HOME": str(home),
        "DAGSTER_DISABLE_TELEMETRY": "1",
    }
    log = (tmp_path / "webserver.log").open("w")
    command = [sys.executable, "-m", "dagster_webserver", "-m", "dagster_project.definitions"]
    server = subprocess.Popen(
        [*command, "-h", "127.0.0.1", "-p", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):  # wait until it answers (it loads the definitions first)
            if server.poll() is not None:
                pytest.fail(f"dagster-webserver exited: {(tmp_path / 'webserver.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{url}/server_info", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("dagster-webserver did not answer")
        yield url
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
        log.close()


LOCATION = "dagster_project.definitions"  # the code location `-m dagster_project.definitions` makes


def _asset_group_graph(url: str, group: str, screenshot: str, waits_for: str) -> str:
    """Open an asset group's lineage graph, close the first-visit dialog, screenshot it, return its text."""
    with browse(f"{url}/locations/{LOCATION}/asset-groups/{group}/lineage") as visit:
        page = visit.page
        skip = page.locator("button:has-text('Skip')")
        if skip.count():
            skip.first.click()
        page.wait_for_selector(f"text={waits_for}", timeout=60_000)
        page.wait_for_timeout(1000)  # let the graph lay out before the screenshot
        ARTEFACTS_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTEFACTS_DIR / screenshot))
        assert visit.status == 200
        return page.evaluate("document.body.textContent")


def test_the_dagster_ui_shows_the_asset_graph_up_to_the_release(dagster_ui):
    datasets = _asset_group_graph(dagster_ui, "open_datasets", "dagster-asset-graph-open-datasets.png", "release")
    # the datasets, the release after them, the warehouse dataset and the docs site after the release (the graph
    # draws only the nodes in view: these are the ones a 1280×900 window shows)
    for asset in ("research", "release", "warehouse", "site", "group_cohesion"):
        assert asset in datasets, asset
    assert (ARTEFACTS_DIR / "dagster-asset-graph-open-datasets.png").stat().st_size > 10_000
