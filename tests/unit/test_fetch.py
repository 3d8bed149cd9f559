"""What `eparl fetch` and the sensor do without a site to fetch from: the sensor starts a run when a page is captured,
and a host whose robots.txt cannot be read is not fetched at all. Against a local server of the real captures:
tests/real_data/test_fetch.py."""

from __future__ import annotations

import dagster as dg

from dagster_project.automation import landing_sensor
from dagster_project.ingest.fetch import fetch_source
from dagster_project.settings import Settings


def test_the_sensor_starts_a_run_when_a_page_is_captured(tmp_path):
    store = tmp_path / "captures"
    settings = {"settings": Settings(landing_dir=tmp_path / "landing", captures_dir=str(store))}

    def tick(cursor):
        return landing_sensor.evaluate_tick(dg.build_sensor_context(cursor=cursor, resources=settings))

    first = tick(None)
    assert tick(first.cursor).run_requests == []
    (store / "senate").mkdir(parents=True)
    (store / "senate" / "ru-RU_leadership.html").write_text("<html></html>", encoding="utf-8")
    assert len(tick(first.cursor).run_requests) == 1


def test_a_host_whose_robots_txt_cannot_be_read_is_not_fetched_at_all(tmp_path):
    report = fetch_source(
        "parlam-mazhilis", tmp_path / "captures", base_url="http://127.0.0.1:9", delay_seconds=0,
        timeout_seconds=0.5, backoff_seconds=0, max_pages=3,
    )  # fmt: skip
    assert report.fetched == [] and report.failed == {}
    assert report.refused_by_robots == ["mazhilis/all-bill.html", "mazhilis/all-bill_pending-majilis.html",
                                        "mazhilis/all-bill_sent-to-senat.html"]  # fmt: skip
