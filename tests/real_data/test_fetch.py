"""`eparl fetch` against a local HTTP server on 127.0.0.1 that serves the real captures: the real httpx client,
robots.txt, conditional requests, retries on 500 and on a time-out, 404s, the page limit, the capture store's meta
files, and `eparl adapt` reading what was fetched (comments of a second page joined to the first). The sensor, and a
host whose robots.txt cannot be read: tests/unit/test_fetch.py."""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from dagster_project.ingest.adapt import adapt_captures
from dagster_project.ingest.fetch import USER_AGENT, fetch_source
from tests.support.realdata import require_realdata

ROBOTS = "User-agent: *\nDisallow: /en-US/leadership\n"
SENATE_PATHS = {"lawProjects/index": "lawProjects_index", "about/deputies": "about_deputies",
                "committees": "committees", "leadership": "leadership"}  # fmt: skip


class Site:
    """What the server serves and what it saw: the Senate's and legalacts' captures under their site's paths."""

    def __init__(self, realdata: Path) -> None:
        self.senate = realdata / "parlam-kz-2025" / "senate"
        self.legalacts = realdata / "legalacts-egov-kz"
        self.hits: Counter[str] = Counter()
        self.user_agents: set[str] = set()
        self.fail_first = {"/kk-KZ/committees"}  # 500 on the first request, then fine
        self.slow_first = {"/ru-RU/about/deputies"}  # slower than the client's time-out the first time

    def body(self, path: str, query: dict[str, list[str]]) -> bytes | None:
        if path == "/robots.txt":
            return ROBOTS.encode()
        match = re.fullmatch(r"/(ru-RU|kk-KZ|en-US)/(.+)", path)
        if match:
            lang, rest = match.groups()
            details = re.fullmatch(r"lawProjects/details/(\d+)", rest)
            name = f"lawProjects_details_{details[1]}" if details else SENATE_PATHS.get(rest)
            file = self.senate / f"{lang}_{name}.html"
            return file.read_bytes() if name and file.is_file() else None
        if path == "/npa/view" and query.get("id") == ["15906353"]:
            page = (self.legalacts / "npa_15906353_with_comments_ru.fragment.html").read_text(encoding="utf-8")
            if query.get("pageComment") == ["2"]:  # the second page: other comments (ids changed) of the same draft
                page = re.sub(r'<p tabindex="0" id="159', '<p tabindex="0" id="259', page)
            return page.encode()
        return None


@pytest.fixture
def site():
    realdata = require_realdata()
    state = Site(realdata)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            url = urlsplit(self.path)
            state.hits[self.path] += 1
            state.user_agents.add(self.headers.get("User-Agent", ""))
            if url.path in state.fail_first and state.hits[self.path] == 1:
                self.send_response(500)
                self.end_headers()
                return
            if url.path in state.slow_first and state.hits[self.path] == 1:
                time.sleep(1.5)
            body = state.body(url.path, parse_qs(url.query))
            if body is None:
                self.send_response(404)
                self.end_headers()
                return
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()
    server.server_close()


def _fetch(site, store, source="parlam-senate", **options):
    return fetch_source(source, store, base_url=site.url, delay_seconds=0, timeout_seconds=0.5, backoff_seconds=0,
                        **options)  # fmt: skip


def test_fetch_keeps_each_response_as_it_came_and_an_unchanged_page_costs_one_304(site, tmp_path):
    store = tmp_path / "captures"
    report = _fetch(site, store)
    # robots.txt forbids the English leadership page: never asked for
    assert report.refused_by_robots == ["senate/en-US_leadership.html"]
    assert "/en-US/leadership" not in site.hits
    # the bill list leads to the 15 bills it lists; only 6143 is served, the others answer 404
    assert "senate/kk-KZ_lawProjects_details_6143.html" in report.fetched
    assert report.failed["senate/ru-RU_lawProjects_details_6128.html"] == "HTTP 404"
    assert len(report.failed) == 14 * 3
    # a 500 and a time-out were retried, and the pages came
    assert site.hits["/kk-KZ/committees"] == 2 and "senate/kk-KZ_committees.html" in report.fetched
    assert site.hits["/ru-RU/about/deputies"] == 2 and "senate/ru-RU_about_deputies.html" in report.fetched
    assert site.user_agents == {USER_AGENT}
    # each capture is the bytes as served, with its meta file
    for name in ("senate/ru-RU_lawProjects_details_6143.html", "senate/en-US_committees.html"):
        body = (store / name).read_bytes()
        assert body == (site.senate / name.split("/")[1]).read_bytes()
        meta = json.loads((store / f"{name}.meta.json").read_text(encoding="utf-8"))
        assert meta["status"] == 200 and meta["sha256"] == hashlib.sha256(body).hexdigest()
        assert meta["url"].startswith(site.url + "/") and meta["etag"] and meta["content_type"].startswith("text/html")
        assert meta["fetched_at"]
    fetched = len(report.fetched)
    assert fetched == 3 * 3 + 2 + 3  # index, deputies, committees ×3; leadership ×2; bill 6143 ×3

    again = _fetch(site, store)
    assert again.fetched == [] and sorted(again.unchanged) == sorted(report.fetched)


def test_fetch_stops_at_the_page_limit_and_says_what_is_left(site, tmp_path):
    report = _fetch(site, tmp_path / "captures", max_pages=3)
    assert len(report.fetched) + len(report.failed) + len(report.refused_by_robots) == 3
    assert report.left_for_next_run > 0
    assert sum(n for path, n in site.hits.items() if path != "/robots.txt") == 3


def test_fetched_captures_adapt_and_a_second_comment_page_is_joined(site, tmp_path):
    store = tmp_path / "captures"
    _fetch(site, store)
    report = _fetch(site, store, source="legalacts", ids=("15906353",))
    assert report.fetched == ["legalacts/npa_15906353_ru.html", "legalacts/npa_15906353_page2_ru.html"]
    landing = tmp_path / "landing"
    adapted = adapt_captures(store, landing)
    assert adapted.adapted == {"senate": 14, "mazhilis": 0, "legalacts": 2} and adapted.rejected == []
    assert not any("were not captured" in note for note in adapted.notes["legalacts"])
    drafts = [json.loads(line) for line in (landing / "draft_acts" / "legalacts.jsonl").read_text().splitlines()]
    assert len(drafts[0]["comments"]) == 20  # 10 on each page, joined by comment id
    pages = [json.loads(line) for line in (landing / "pages" / "senate.jsonl").read_text().splitlines()]
    details = next(p for p in pages if p["page"] == "senate/ru-RU_lawProjects_details_6143.html")
    assert details["url"] == f"{site.url}/ru-RU/lawProjects/details/6143" and details["fetched_at"]
