"""The fixtures tests of more than one folder use: the dbt manifest, a small hand-written messy landing folder;
and the order the test files are run in. The demo run and the CKAN portal, which only end-to-end tests use, are in
tests/e2e/conftest.py. No module imports a conftest: helpers are in tests/support."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.landing import GOOD_SUBMISSION, SUBMISSION_HEADER, write_json, write_text

# `make test` runs two workers that take whole files in the order collected (pytest-xdist: --dist loadfile
# --no-loadscope-reorder). The files that cost the most come first, longest first, so that no worker is left with a
# long file while the other has finished: the demo run's own file (tests/e2e/conftest.py makes the session's demo run
# for it, about 100 s), then the files that make pipeline runs of their own from other landings, which the other
# worker runs meanwhile, before any other file waits for the demo run. Every other file follows in the usual order,
# the short ones last. tests/unit/test_test_layout.py checks that each file named here exists.
LONGEST_FIRST = (
    "tests/e2e/test_pipeline.py",
    "tests/real_data/test_pipeline.py",
    "tests/e2e/test_incremental.py",
    "tests/e2e/test_bench.py",
    "tests/real_data/test_official_sources.py",
    "tests/e2e/test_publish_ckan.py",
    "tests/e2e/test_release.py",
    "tests/e2e/test_references.py",
    "tests/e2e/test_processes.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the files of LONGEST_FIRST first, in its order; the tests of each file stay together and in order."""
    rank = {name: position for position, name in enumerate(LONGEST_FIRST)}
    root = Path(config.rootpath)
    items.sort(key=lambda item: rank.get(item.path.relative_to(root).as_posix(), len(rank)))


@pytest.fixture(scope="module")
def manifest() -> dict:
    """The dbt manifest, parsed first if a dbt file changed since it was written (`ensure_manifest`)."""
    from dagster_project.assets.transform import ensure_manifest

    return json.loads(ensure_manifest().read_text(encoding="utf-8"))


@pytest.fixture
def messy_landing(tmp_path):
    landing = tmp_path / "landing"
    write_json(
        landing / "popolo" / "good.json",
        {
            "persons": [{"id": "p1", "name": "A"}, {"id": "p2"}, {"id": "p3", "name": "C", "birth_date": "1970-13-01"}],
            "organizations": [
                {"id": "o1", "name": "Mazhilis", "classification": "chamber"},
                {"id": "o2", "name": "Club", "classification": "club"},
            ],
            "vote_events": [
                {
                    "id": "v1",
                    "organization_id": "o1",
                    "start_date": "2024-01-01T10:00:00+05:00",
                    "votes": [{"voter_id": "p1", "option": "yes"}, {"voter_id": "p3", "option": "maybe"}],
                },
                {"id": "v2", "start_date": "2024-01-01", "votes": [{"voter_id": "p1", "option": "yes"}]},
            ],
        },
    )
    write_text(landing / "popolo" / "broken.json", '{"persons": [1, 2')
    write_text(
        landing / "bills" / "bills.jsonl",
        '{"id": "b1", "legislature_id": "kz", "number": "1", "title_ru": "О", "initiator_type": "government", '
        '"registration_date": "2024-01-01", "status": "signed", "actions": [{"date": "2024-01-02", '
        '"classification": "registration"}, {"date": "x", "classification": "signature"}]}\n{"id":\n\n',
    )
    write_text(
        landing / "submissions" / "s.csv",
        "\n".join(
            [
                SUBMISSION_HEADER,
                GOOD_SUBMISSION,
                "s2,eotinish_appeal,2024-01-01T10:00:00+05:00,,kk,999,kz-parliament,,received,,,N,1,2,3,4,text",
                "s3,too-short",
                's4,e_petition,2024-01-02,,ru,750000000,kz-parliament,,answered,,-5,N,1,2,3,4,"two\nlines"',
            ]
        )
        + "\n",
    )
    return landing
