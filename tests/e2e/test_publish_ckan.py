"""Publishing to a real CKAN 2.12 (with PostgreSQL, Redis, the DataStore and ckanext-scheming), started by the
`ckan_portal` fixture: first publish, no-change publish, one changed table, a removed table, a portal killed
mid-publish, a bad token, an invalid field, the dry run, and the dataset page in a real headless Chromium.

The session's demo run (scale 0.05) is run again with the portal configured, as a daily run that gains a portal
would be; the tests then ship that published folder again with `CkanTarget`, as the `ckan/<dataset>` assets do.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import dagster as dg
import duckdb
import pytest
import requests
from typer.testing import CliRunner

from dagster_project.assets.transform import ensure_manifest
from dagster_project.cli import app, run_pipeline
from dagster_project.hashing import file_sha256
from publish.catalogue import catalogue_for
from publish.ckan import CkanTarget
from publish.ckan_client import CkanClient, CkanRefused, PortalUnavailable, Retry
from publish.package import build_dataset
from tests.support.browser import ARTEFACTS_DIR, open_page
from tests.support.pipeline import copy_demo_release

CATALOGUE = catalogue_for(ensure_manifest())
QUICK = Retry(attempts=2, first_wait=0.2, longest_wait=0.5)


def target(portal, retry: Retry = QUICK, token: str | None = None) -> CkanTarget:
    return CkanTarget(CkanClient(portal.site_url, token or portal.api_token, timeout=60, retry=retry), CATALOGUE)


def dataset_of(name: str):
    return next(d for d in CATALOGUE.datasets if d.name == name)


def portal_state(portal) -> dict[str, dict]:
    """Every catalogue dataset as the portal holds it: modified time, resources (file, sha256) in order."""
    state = {}
    for dataset in CATALOGUE.datasets:
        package = portal.action("package_show", id=dataset.name)
        state[dataset.name] = {
            "metadata_modified": package["metadata_modified"],
            "resources": [(r["url"].rsplit("/", 1)[-1], r.get("sha256"), r["id"]) for r in package["resources"]],
        }
    return state


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture(scope="module")
def published(ckan_portal, demo_release, tmp_path_factory, monkeypatch_module):
    """The session's demo run, copied with its Dagster instance and run again with the portal configured: nothing
    changed locally, so only the portal's assets work, and this is their first publish."""
    copied, instance = copy_demo_release(demo_release, tmp_path_factory.mktemp("ckan-demo") / "root")
    settings = replace(copied, ckan_url=ckan_portal.site_url, ckan_attempts=3)
    monkeypatch_module.setenv("EPARL_CKAN_API_TOKEN", ckan_portal.api_token)
    result = run_pipeline(settings, instance, progress=False)
    return {
        "settings": settings,
        "result": result,
        "instance": instance,
        "dagster_home": settings.landing_dir.parent / "dagster_home",
        "summary": demo_release["summary"],
    }


def test_the_first_publish_creates_every_dataset_with_trilingual_metadata(ckan_portal, published):
    assert published["result"].success
    materialized = {
        event.asset_key.path[1]: event.materialization.metadata
        for event in published["result"].get_asset_materialization_events()
        if event.asset_key.path[0] == "ckan"
    }
    # + the release, and the landing page (tests/e2e/test_landing_page.py)
    assert set(materialized) == {d.name for d in CATALOGUE.built_datasets} | {"warehouse", "index"}
    for dataset in CATALOGUE.built_datasets:
        meta = materialized[dataset.name]
        assert meta["dataset_url"].value == f"{ckan_portal.site_url}/dataset/{dataset.name}"
        assert f"create dataset {dataset.name}" in meta["changes"].value
        local = json.loads((published["settings"].publish_dir / dataset.name / "datapackage.json").read_text())
        files = ["datapackage.json", *(r["path"] for r in local["resources"])]
        sizes = sum((published["settings"].publish_dir / dataset.name / f).stat().st_size for f in files)
        assert meta["bytes_uploaded"].value == sizes

        package = ckan_portal.action("package_show", id=dataset.name)
        assert package["title"] == local["title"] and package["title"].startswith("[SYNTHETIC DATA]")
        assert package["title_kk"] == local["title_kk"] and package["title_ru"] == local["title_ru"]
        assert package["notes_kk"] == local["description_kk"] and package["notes_ru"] == local["description_ru"]
        assert package["organization"]["name"] == CATALOGUE.organization.name
        assert sorted(g["name"] for g in package["groups"]) == sorted(dataset.groups)
        assert package["license_id"] == "cc-by" and package["license_title"].startswith("Creative Commons")
        assert {t["name"] for t in package["tags"]} == set(local["keywords"])
        assert package["synthetic"] == "yes" and package["spatial_text"] == "Kazakhstan"
        assert package["temporal_start"] == local["temporal"]["start"] and package["temporal_end"]
        assert package["version"] == local["version"] and package["contact_email"] == CATALOGUE.contact_email
        assert [r["url"].rsplit("/", 1)[-1] for r in package["resources"]] == files
        for resource in package["resources"]:
            assert resource["url_type"] == "upload" and len(resource["sha256"]) == 64
            assert resource["name_kk"] and resource["name_ru"]
        # the datapackage.json comes first, named in the three languages as the catalogue names it
        title, description = CATALOGUE.datapackage_resource
        descriptor = package["resources"][0]
        assert (descriptor["name"], descriptor["name_kk"], descriptor["name_ru"]) == (title.en, title.kk, title.ru)
        assert (descriptor["description_kk"], descriptor["description_ru"]) == (description.kk, description.ru)


def test_each_table_is_in_the_datastore_with_its_rows_and_data_dictionary(ckan_portal, published):
    warehouse = published["settings"].warehouse
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for dataset in CATALOGUE.datasets:
            package = ckan_portal.action("package_show", id=dataset.name)
            by_file = {r["url"].rsplit("/", 1)[-1]: r for r in package["resources"]}
            for table in dataset.tables:
                resource = by_file[f"{table.name}.csv"]
                assert resource["datastore_active"] is True
                assert resource["datastore_sha256"] == resource["sha256"]
                search = ckan_portal.action("datastore_search", resource_id=resource["id"], limit=5, sort="_id")
                rows = con.execute(f"SELECT count(*) FROM {table.relation}").fetchone()[0]
                assert search["total"] == rows, table.name
                fields = {f["id"]: f for f in search["fields"] if f["id"] != "_id"}
                assert list(fields) == [c.name for c in table.columns]
                for column in table.columns:
                    notes = fields[column.name]["info"]["notes"]
                    assert column.description.kk in notes and column.description.ru in notes
        # the rows themselves: the first persons, as the warehouse has them
        persons = next(
            r
            for r in ckan_portal.action("package_show", id="members")["resources"]
            if r["url"].endswith("/persons.csv")
        )
        search = ckan_portal.action("datastore_search", resource_id=persons["id"], limit=3, sort="person_id")
        expected = con.execute(
            "SELECT person_id, person_name, birth_date FROM published.persons ORDER BY person_id LIMIT 3"
        ).fetchall()
    got = [(r["person_id"], r["person_name"], r["birth_date"] and r["birth_date"][:10]) for r in search["records"]]
    assert got == [(p, n, b and b.isoformat()) for p, n, b in expected]


def test_no_planted_personal_value_reaches_the_portal_or_its_datastore(ckan_portal, published):
    """The local files are scanned by test_pipeline; here, what only the portal holds: every dataset's metadata
    as the API gives it and every row of every DataStore table."""
    planted = {value for found in published["summary"].planted_personal_data.values() for value in found}
    assert planted
    portal_texts = []
    for dataset in CATALOGUE.datasets:
        package = ckan_portal.action("package_show", id=dataset.name)
        portal_texts.append(json.dumps(package, ensure_ascii=False))
        for resource in package["resources"]:
            if resource.get("datastore_active"):
                rows = ckan_portal.action("datastore_search", resource_id=resource["id"], limit=1_000_000)
                assert rows["total"] == len(rows["records"])
                portal_texts.append(json.dumps(rows["records"], ensure_ascii=False))
    assert any("[NAME]" in text or "[IIN]" in text for text in portal_texts)  # redacted comments are there
    found = [value for value in planted if any(value in text for text in portal_texts)]
    assert found == []


def test_a_second_publish_sends_nothing_and_changes_nothing(ckan_portal, published):
    before = portal_state(ckan_portal)
    shipper = target(ckan_portal)
    for dataset in CATALOGUE.datasets:
        result = shipper.ship(published["settings"].publish_dir / dataset.name, dataset)
        assert result.changes == [] and result.bytes_sent == 0, dataset.name
    assert portal_state(ckan_portal) == before


def test_the_cli_dry_run_and_publish_find_nothing_to_do_after_the_pipeline(ckan_portal, published):
    settings = published["settings"]
    env = {**settings.to_env(), "DAGSTER_HOME": str(published["dagster_home"])}
    dry = CliRunner().invoke(app, ["publish-ckan", "--dry-run"], env=env)
    assert dry.exit_code == 0, dry.output
    for dataset in CATALOGUE.built_datasets:
        assert f"{ckan_portal.site_url}/dataset/{dataset.name}: no changes, 0 bytes" in dry.output
    shipped = CliRunner().invoke(app, ["publish-ckan"], env=env)
    assert shipped.exit_code == 0, shipped.output
    assert shipped.output.count(": 0 changes, 0 bytes uploaded") == len(CATALOGUE.built_datasets) + 1  # + the page
    assert ckan_portal.api_token not in dry.output + shipped.output


def test_the_dry_run_says_what_would_change_and_changes_nothing(ckan_portal, published, tmp_path):
    folder = shutil.copytree(published["settings"].publish_dir / "members", tmp_path / "members")
    (folder / "persons.csv").write_text("changed\n", encoding="utf-8")
    package = json.loads((folder / "datapackage.json").read_text())
    next(r for r in package["resources"] if r["path"] == "persons.csv")["hash"] = "sha256:" + "1" * 64
    (folder / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False))
    before = portal_state(ckan_portal)
    plan = target(ckan_portal).plan(folder, dataset_of("members"))
    assert [(c.action, c.target) for c in plan.changes] == [
        ("upload", "datapackage.json"),
        ("upload", "persons.csv"),
        ("load datastore", "persons.csv"),
    ]
    assert portal_state(ckan_portal) == before


def rebuilt_members(published, tmp_path: Path, change_sql: str) -> Path:
    """The members folder built (as the pipeline's dataset asset builds it) from a copy of the warehouse where
    `change_sql` was run."""
    warehouse = shutil.copy(published["settings"].warehouse, tmp_path / "warehouse.duckdb")
    with duckdb.connect(str(warehouse)) as con:
        con.execute(change_sql)
        built = build_dataset(con, CATALOGUE, dataset_of("members"), tmp_path / "members", synthetic=True)
    return built.directory


def test_a_changed_table_reuploads_only_its_resources_and_converges(ckan_portal, published, tmp_path):
    folder = rebuilt_members(
        published,
        tmp_path,
        "UPDATE published.persons SET image_url = 'https://example.org/new.jpg' "
        "WHERE person_id = (SELECT min(person_id) FROM published.persons)",
    )
    before = portal_state(ckan_portal)["members"]["resources"]
    result = target(ckan_portal).ship(folder, dataset_of("members"))
    uploaded = sorted(c.target for c in result.changes if c.action == "upload")
    assert uploaded == ["datapackage.json", "persons.csv", "persons.parquet"]
    assert [c.target for c in result.changes if c.action == "load datastore"] == ["persons.csv"]
    assert result.bytes_uploaded == sum((folder / name).stat().st_size for name in uploaded)
    after = portal_state(ckan_portal)["members"]["resources"]
    assert [(name, rid) for name, _, rid in after] == [(name, rid) for name, _, rid in before]  # same resources
    changed = {name for (name, sha, _), (_, old, _) in zip(after, before, strict=True) if sha != old}
    assert changed == set(uploaded)
    assert target(ckan_portal).ship(folder, dataset_of("members")).changes == []
    # and back: the published folder again, so the other tests see the portal as the pipeline left it
    target(ckan_portal).ship(published["settings"].publish_dir / "members", dataset_of("members"))


def test_a_table_removed_from_the_dataset_loses_its_resources(ckan_portal, published, tmp_path):
    folder = shutil.copytree(published["settings"].publish_dir / "bills", tmp_path / "bills")
    package = json.loads((folder / "datapackage.json").read_text())
    package["resources"] = [r for r in package["resources"] if not r["name"].startswith("bill_documents-")]
    (folder / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False))
    old = {r["url"].rsplit("/", 1)[-1]: r["id"] for r in ckan_portal.action("package_show", id="bills")["resources"]}
    result = target(ckan_portal).ship(folder, dataset_of("bills"))
    assert sorted((c.action, c.target) for c in result.changes if c.action != "upload") == [
        ("delete resource", "bill_documents.csv"),
        ("delete resource", "bill_documents.parquet"),
    ]
    files = [r["url"].rsplit("/", 1)[-1] for r in ckan_portal.action("package_show", id="bills")["resources"]]
    assert "bill_documents.csv" not in files and "bill_documents.parquet" not in files
    assert ckan_portal.action_error("datastore_search", resource_id=old["bill_documents.csv"]) == "Not Found Error"
    target(ckan_portal).ship(published["settings"].publish_dir / "bills", dataset_of("bills"))


def test_a_portal_killed_mid_publish_converges_on_the_next_run(ckan_portal, published):
    ckan_portal.action("dataset_purge", id="votes")
    folder = published["settings"].publish_dir / "votes"
    shipper = target(ckan_portal)
    calls = []
    real_call = shipper.client.call

    def call_then_kill(action, data=None, **kwargs):
        answer = real_call(action, data, **kwargs)
        calls.append(action)
        if action == "datastore_upsert" and calls.count("datastore_upsert") == 1:
            ckan_portal.stop_server()  # kill -9, mid-publish: between two DataStore batches
        return answer

    shipper.client.call = call_then_kill
    with pytest.raises(PortalUnavailable, match="did not complete"):
        shipper.ship(folder, dataset_of("votes"))
    ckan_portal.start_server()

    # The next run finds the half-made dataset by name and completes it: no duplicate, every table loaded.
    target(ckan_portal).ship(folder, dataset_of("votes"))
    package = ckan_portal.action("package_show", id="votes")
    local = json.loads((folder / "datapackage.json").read_text())
    assert [r["url"].rsplit("/", 1)[-1] for r in package["resources"]] == [
        "datapackage.json",
        *(r["path"] for r in local["resources"]),
    ]
    for resource in package["resources"]:
        if resource["format"] == "CSV":
            assert resource["datastore_sha256"] == resource["sha256"]
            total = ckan_portal.action("datastore_search", resource_id=resource["id"], limit=0)["total"]
            assert total == int(resource["rows"])
    assert target(ckan_portal).ship(folder, dataset_of("votes")).changes == []


def test_a_portal_back_within_the_retries_completes_the_same_run(ckan_portal, published):
    ckan_portal.stop_server()
    restart = threading.Timer(2.0, ckan_portal.start_server)
    restart.start()
    try:
        result = target(ckan_portal, Retry(attempts=8, first_wait=1, longest_wait=8)).ship(
            published["settings"].publish_dir / "members", dataset_of("members")
        )
    finally:
        restart.join()
    assert result.changes == []


class FaultyProxy(ThreadingHTTPServer):
    """A proxy in front of the real portal that answers every third call with 503, and passes every fifth on but
    holds its answer beyond the client's time-out: a portal that is overloaded, and one too slow to answer."""

    def __init__(self, upstream: str):
        self.upstream, self.calls, self.faults = upstream, 0, []
        super().__init__(("127.0.0.1", 0), _ProxyHandler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _ProxyHandler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        self._forward(None)

    def do_POST(self) -> None:
        self._forward(self.rfile.read(int(self.headers.get("Content-Length", 0))))

    def _forward(self, body: bytes | None) -> None:
        server: FaultyProxy = self.server
        server.calls += 1
        if server.calls % 3 == 0:
            server.faults.append("503")
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
        upstream = requests.request(
            self.command, server.upstream + self.path, data=body, headers=headers, timeout=120, allow_redirects=False
        )
        if server.calls % 5 == 0:  # done on the portal, but the answer comes too late
            server.faults.append("slow")
            time.sleep(SLOW_SECONDS)
        self.send_response(upstream.status_code)
        self.send_header("Content-Type", upstream.headers.get("Content-Type", "application/json"))
        self.send_header("Content-Length", str(len(upstream.content)))
        self.end_headers()
        self.wfile.write(upstream.content)


SLOW_SECONDS = 3


def test_a_slow_portal_answering_5xx_is_retried_until_the_publish_completes(ckan_portal, published):
    ckan_portal.action("dataset_purge", id="members")
    proxy = FaultyProxy(ckan_portal.site_url)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    try:
        client = CkanClient(proxy.url, ckan_portal.api_token, timeout=SLOW_SECONDS / 2, retry=Retry(6, 0.2, 1))
        folder = published["settings"].publish_dir / "members"
        result = CkanTarget(client, CATALOGUE).ship(folder, dataset_of("members"))
    finally:
        proxy.shutdown()
    assert "503" in proxy.faults and "slow" in proxy.faults
    assert ("create dataset", "members") in [(c.action, c.target) for c in result.changes]
    # Creates and inserts whose answers were lost were not repeated: nothing is duplicated, nothing is left to do.
    assert target(ckan_portal).ship(folder, dataset_of("members")).changes == []

    # A duplicate that got through anyway (a request held so long the client gave up, then carried out) is
    # removed by the next publish.
    with (folder / "persons.csv").open("rb") as upload:
        requests.post(
            f"{ckan_portal.api_url}/resource_create",
            data={"package_id": "members", "name": "Persons (CSV)", "sha256": file_sha256(folder / "persons.csv")},
            files={"upload": ("persons.csv", upload)},
            headers={"Authorization": ckan_portal.api_token},
            timeout=60,
        ).raise_for_status()
    cleaned = target(ckan_portal).ship(folder, dataset_of("members"))
    assert [str(change) for change in cleaned.changes] == ["delete resource persons.csv: duplicate"]
    assert target(ckan_portal).ship(folder, dataset_of("members")).changes == []


def test_the_portal_asset_refuses_a_dataset_without_passing_suites(ckan_portal, published):
    before = portal_state(ckan_portal)["members"]
    fresh = dg.DagsterInstance.ephemeral()  # knows of no validation at all
    selection = [dg.AssetKey(["ckan", "members"])]
    result = run_pipeline(published["settings"], fresh, progress=False, asset_selection=selection)
    assert not result.success
    (failure,) = [e for e in result.all_events if e.is_step_failure]
    assert "dataset members is not published" in failure.step_failure_data.user_failure_data.description
    assert portal_state(ckan_portal)["members"] == before


def test_a_bad_token_fails_fast_with_a_clear_message_that_hides_the_token(ckan_portal, published):
    bad = "not-a-valid-token-" + "x" * 20
    ckan_portal.action("dataset_purge", id="submissions")
    try:
        with pytest.raises(CkanRefused) as refused:
            target(ckan_portal, token=bad).ship(
                published["settings"].publish_dir / "submissions", dataset_of("submissions")
            )
        message = str(refused.value)
        assert "EPARL_CKAN_API_TOKEN" in message and bad not in message
        assert refused.value.status == 403
    finally:
        target(ckan_portal).ship(published["settings"].publish_dir / "submissions", dataset_of("submissions"))


def test_an_invalid_field_fails_fast_naming_the_dataset_and_the_field(ckan_portal, published, tmp_path):
    folder = shutil.copytree(published["settings"].publish_dir / "bills", tmp_path / "bills")
    package = json.loads((folder / "datapackage.json").read_text())
    package["title_kk"] = ""
    (folder / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False))
    renamed = replace(dataset_of("bills"), name="bills-invalid")
    shipper = target(ckan_portal, Retry(attempts=5, first_wait=5, longest_wait=5))
    with pytest.raises(CkanRefused, match=r"package_create for bills-invalid: .*field title_kk: Missing value"):
        shipper.ship(folder, renamed)
    assert ckan_portal.action_error("package_show", id="bills-invalid") == "Not Found Error"


def test_the_token_never_reaches_the_run_logs(ckan_portal, published):
    run_id = published["result"].run_id
    logged = json.dumps([record.user_message for record in published["instance"].all_logs(run_id)])
    assert "/dataset/members" in logged  # the publisher did log its work
    assert ckan_portal.api_token not in logged


def test_the_dataset_page_shows_the_three_titles(ckan_portal, published):
    package = ckan_portal.action("package_show", id="members")
    screenshot = ARTEFACTS_DIR / "ckan-dataset-members.png"
    text = open_page(f"{ckan_portal.site_url}/dataset/members", screenshot)
    for title in (package["title"], package["title_kk"], package["title_ru"]):
        assert title in text
    assert screenshot.stat().st_size > 10_000
