"""The real-CKAN harness itself (tests/support/ckan_portal): a dataset with our schema, an uploaded file, a datastore
table with a data dictionary and its read-only user, the DCAT export, and the dataset page in a browser. (Killing and
restarting the web server is exercised by the publisher's tests.)

If these fail, the CKAN publisher's tests cannot be trusted either way: fix the harness first.
"""

from __future__ import annotations

import hashlib
import json

import pytest
import requests

from tests.support.browser import ARTEFACTS_DIR, browse
from tests.support.ckan_portal.portal import CkanPortal

CSV = "member_id,name_kk,name_ru\nm1,Әлия Сейітқызы,Алия Сеитовна\nm2,Ержан Қали,Ержан Кали\n".encode()
DATASET = {
    "name": "harness-members",
    "title": "Members (harness test)",
    "title_kk": "Депутаттар (тексеру)",
    "title_ru": "Депутаты (проверка)",
    "notes": "Members of the **Mazhilis**.",
    "notes_kk": "Мәжіліс депутаттары.",
    "notes_ru": "Депутаты Мажилиса.",
    "license_id": "cc-by",
    "tag_string": "parliament,synthetic",
    "synthetic": "yes",
    "publisher_name": "Parliament of the Republic of Kazakhstan",
    "publisher_url": "https://www.parlam.kz",
    "contact_email": "opendata@parlam.kz",
    "documentation": "https://github.com/e-parlament/eparl#readme",
    "url": "https://www.parlam.kz",
    "frequency": "daily",
    "temporal_start": "2024-01-01",
    "temporal_end": "2024-12-31",
    "spatial_text": "Kazakhstan",
    "language": "kk, ru, en",
    "version": "1.0.0",
}


class Api:
    """The action API as the publisher sees it: JSON in, `result` out, CKAN's error shown on failure."""

    def __init__(self, portal: CkanPortal) -> None:
        self.portal = portal
        self.session = requests.Session()
        self.session.headers["Authorization"] = portal.api_token

    def __call__(self, action: str, files: dict | None = None, **data: object) -> dict:
        url = f"{self.portal.api_url}/{action}"
        if files:  # a file upload is a multipart form: every other field is a form field
            response = self.session.post(url, data=data, files=files, timeout=60)
        else:
            response = self.session.post(url, json=data, timeout=60)
        assert response.ok, f"{action} → {response.status_code}: {response.text[:2000]}"
        return response.json()["result"]


@pytest.fixture(scope="module")
def api(ckan_portal: CkanPortal) -> Api:
    return Api(ckan_portal)


def test_dataset_upload_datastore_and_page(ckan_portal: CkanPortal, api: Api) -> None:
    org = api("organization_create", name="harness-org", title="Harness organisation")
    created = api("package_create", owner_org=org["id"], **DATASET)
    resource = api(
        "resource_create",
        files={"upload": ("members.csv", CSV, "text/csv")},
        package_id=created["id"],
        name="Members",
        name_kk="Депутаттар",
        name_ru="Депутаты",
        description="One row per member.",
        description_kk="Әр депутатқа бір жол.",
        description_ru="Одна строка на депутата.",
        format="CSV",
        sha256=hashlib.sha256(CSV).hexdigest(),
        table_name="members",
        rows="2",
    )

    # The upload is stored and served back byte for byte.
    download = requests.get(resource["url"], timeout=30)
    assert download.status_code == 200
    assert download.content == CSV
    assert resource["url_type"] == "upload"

    # Every scheming field comes back from package_show, typed as the schema says.
    shown = api("package_show", id=DATASET["name"])
    for field, value in DATASET.items():
        if field != "tag_string":  # write-only: package_show gives `tags`
            assert shown[field] == value, field
    assert sorted(tag["name"] for tag in shown["tags"]) == ["parliament", "synthetic"]
    assert shown["organization"]["name"] == "harness-org"
    (res,) = shown["resources"]
    assert res["name_kk"] == "Депутаттар" and res["description_ru"] == "Одна строка на депутата."
    assert res["sha256"] == hashlib.sha256(CSV).hexdigest() and res["table_name"] == "members"
    assert res["rows"] == 2

    # A required schema field really is required.
    with pytest.raises(AssertionError, match="title_ru"):
        api("package_create", **{**DATASET, "name": "harness-no-ru", "title_ru": ""}, owner_org=org["id"])

    # The datastore: a table with a data dictionary (labels and notes), its rows readable back.
    # An uploaded resource is "read-only" to the datastore: force=True is needed.
    fields = [
        {"id": "member_id", "type": "text", "info": {"label": "Member", "notes": "Депутат / Member id"}},
        {"id": "name_kk", "type": "text", "info": {"label": "Name (kk)", "notes": "Аты-жөні"}},
        {"id": "name_ru", "type": "text", "info": {"label": "Name (ru)", "notes": "ФИО"}},
    ]
    records = [
        {"member_id": "m1", "name_kk": "Әлия Сейітқызы", "name_ru": "Алия Сеитовна"},
        {"member_id": "m2", "name_kk": "Ержан Қали", "name_ru": "Ержан Кали"},
    ]
    api("datastore_create", resource_id=res["id"], force=True, fields=fields, records=records, primary_key="member_id")
    found = api("datastore_search", resource_id=res["id"], sort="member_id")
    assert [{k: r[k] for k in ("member_id", "name_kk", "name_ru")} for r in found["records"]] == records
    info = {f["id"]: f.get("info") for f in found["fields"]}
    assert info["name_kk"] == {"label": "Name (kk)", "notes": "Аты-жөні"}
    assert api("resource_show", id=res["id"])["datastore_active"] is True
    # CKAN's set-permissions script was applied: the read-only user (datastore_search's) reads, never writes.
    table = f'"{res["id"]}"'
    counted = ckan_portal.psql("datastore", f"SELECT 'rows=' || count(*) FROM {table}", user="datastore_ro")
    assert "rows=2" in counted.stdout
    denied = ckan_portal.psql("datastore", f"DELETE FROM {table}", user="datastore_ro", check=False)
    assert denied.returncode != 0 and "permission denied" in denied.stderr

    # DCAT: ckanext-dcat maps our flat field names.
    jsonld = requests.get(f"{ckan_portal.site_url}/dataset/{DATASET['name']}.jsonld", timeout=30)
    assert jsonld.status_code == 200
    graph = json.dumps(jsonld.json(), ensure_ascii=False)
    for expected in ("Parliament of the Republic of Kazakhstan", "mailto:opendata@parlam.kz", "Kazakhstan", "1.0.0"):
        assert expected in graph, expected

    # The dataset page, as a visitor sees it, shows the Kazakh and Russian titles (under "Additional Info").
    with browse(
        f"{ckan_portal.site_url}/dataset/{DATASET['name']}", screenshot=ARTEFACTS_DIR / "ckan_portal_dataset.png"
    ) as visit:
        assert visit.status == 200
        for text in (DATASET["title"], DATASET["title_kk"], DATASET["title_ru"], "Synthetic", "Kazakhstan"):
            assert text in visit.text, text
