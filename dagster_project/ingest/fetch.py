"""`eparl fetch`: download the official sites' pages into the capture store, politely.

What belongs here: which pages each source needs (its URL patterns, and the links followed to find more), and the
polite HTTP client that fetches them. Reading the pages is the adapters' job (`adapters/`); storing them is
`ingest/captures.py`'s.

Polite by default: robots.txt is read first and honoured; one request at a time, with a delay between them; a
User-Agent that says who asks and where to read why; conditional requests (If-None-Match / If-Modified-Since
from the capture already kept), so an unchanged page costs one 304 and is not written again; retries with
exponential backoff on 5xx answers, time-outs and dropped connections (tenacity, as publish/ckan_client.py);
and a limit on the pages of one run. httpx is the client: kept, with time-outs per phase and HTTP/1.1
keep-alive, so one connection serves the run.
"""

from __future__ import annotations

import hashlib
import re
import time
import urllib.robotparser
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
from tenacity import retry, retry_if_exception, stop_after_attempt, wait_exponential

from dagster_project.ingest.captures import CaptureMeta, read_meta, write_capture

USER_AGENT = "eparl-fetch/0.1 (open-data pipeline of e-Parlament; https://github.com/e-parlament/eparl)"
LANGUAGES = ("ru-RU", "kk-KZ", "en-US")


@dataclass(frozen=True)
class Target:
    """One page to fetch: its name in the capture store and its path (with query) on the source's host."""

    name: str
    path: str


@dataclass(frozen=True)
class SourcePlan:
    """A source: its default host, the pages to start from, and how a fetched page leads to more pages."""

    name: str
    base_url: str
    start: Callable[[tuple[str, ...]], list[Target]]
    follow: Callable[[Target, str], list[Target]] = lambda target, body: []


# ---- The Senate: each page in three languages; bill pages found from the bill list ------------------------
SENATE_PAGES = {  # capture name (after the language) → path (after the language)
    "lawProjects_index": "lawProjects/index?areLaws=true",
    "about_deputies": "about/deputies",
    "committees": "committees",
    "leadership": "leadership",
}
SENATE_BILL_LINK = re.compile(r'href="/(?:ru-RU|kk-KZ|en-US)/lawProjects/details/(\d+)"')


def _senate_start(ids: tuple[str, ...]) -> list[Target]:
    pages = [Target(f"senate/{lang}_{name}.html", f"/{lang}/{path}") for name, path in SENATE_PAGES.items()
             for lang in LANGUAGES]  # fmt: skip
    return pages + [t for law_id in ids for t in _senate_bill(law_id)]


def _senate_bill(law_id: str) -> list[Target]:
    return [Target(f"senate/{lang}_lawProjects_details_{law_id}.html", f"/{lang}/lawProjects/details/{law_id}")
            for lang in LANGUAGES]  # fmt: skip


def _senate_follow(target: Target, body: str) -> list[Target]:
    if "_lawProjects_index" not in target.name:
        return []
    return [t for law_id in dict.fromkeys(SENATE_BILL_LINK.findall(body)) for t in _senate_bill(law_id)]


# ---- The Mazhilis: the pages named like the captures in parlam-kz-2025/mazhilis/ (Kazakh pages) ----------------
MAZHILIS_PATHS = (
    "all-bill",
    "all-bill/pending-majilis",
    "all-bill/sent-to-senat",
    "all-bill/signed-by-president",
    "composition-n-structure/bureau",
    "composition-n-structure/committees",
    "composition-n-structure/deputies-elected-in-single-mandate-territorial-constituencies",
    "composition-n-structure/deputies-viii-convocation",
    "composition-n-structure/fractions-of-political-parties",
    "composition-n-structure/management-team",
)


def _mazhilis_start(ids: tuple[str, ...]) -> list[Target]:
    paths = [*MAZHILIS_PATHS, *(f"all-bill/{bill}" for bill in ids)]
    return [Target(f"mazhilis/{path.replace('/', '_')}.html", f"/kk/{path}") for path in paths]


# ---- legalacts.egov.kz: a draft's page, then its further comment pages (the pager says how many) ---------------
COMMENT_PAGES = re.compile(r"totalPages:\s*(\d+)")


def _legalacts_page(draft_id: str, page: int) -> Target:
    if page == 1:
        return Target(f"legalacts/npa_{draft_id}_ru.html", f"/npa/view?id={draft_id}")
    return Target(
        f"legalacts/npa_{draft_id}_page{page}_ru.html", f"/npa/view?typeComment=6&pageComment={page}&id={draft_id}"
    )


def _legalacts_follow(target: Target, body: str) -> list[Target]:
    match = re.fullmatch(r"legalacts/npa_(\d+)_ru\.html", target.name)
    pages = COMMENT_PAGES.search(body)
    if not match or not pages:
        return []
    return [_legalacts_page(match[1], n) for n in range(2, int(pages[1]) + 1)]


PLANS = {
    "parlam-senate": SourcePlan("parlam-senate", "https://senate.parlam.kz", _senate_start, _senate_follow),
    "parlam-mazhilis": SourcePlan("parlam-mazhilis", "https://mazhilis.parlam.kz", _mazhilis_start),
    "legalacts": SourcePlan(
        "legalacts",
        "https://legalacts.egov.kz",
        lambda ids: [_legalacts_page(i, 1) for i in ids],
        _legalacts_follow,
    ),
}
DEFAULT_IDS = {"parlam-mazhilis": ("490", "491", "532"), "legalacts": ("15906353", "15912271")}


# ---- The polite client --------------------------------------------------------------------------------------
@dataclass
class FetchReport:
    fetched: list[str] = field(default_factory=list)  # written to the store (200)
    unchanged: list[str] = field(default_factory=list)  # 304: the kept capture is current
    refused_by_robots: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # name → why (404, 5xx after retries, time-out)
    left_for_next_run: int = 0  # pages beyond the run's limit


class _Retryable(Exception):
    """A 5xx answer: worth asking again after a pause."""


def _is_retryable(error: BaseException) -> bool:
    return isinstance(error, _Retryable | httpx.TimeoutException | httpx.TransportError)


class PoliteFetcher:
    def __init__(self, base_url: str, *, delay_seconds: float = 1.0, timeout_seconds: float = 30.0,
                 attempts: int = 4, backoff_seconds: float = 2.0, user_agent: str = USER_AGENT) -> None:  # fmt: skip
        self.base_url = base_url.rstrip("/")
        self.delay_seconds = delay_seconds
        self.client = httpx.Client(
            base_url=self.base_url,
            headers={"User-Agent": user_agent},
            timeout=httpx.Timeout(timeout_seconds),
            follow_redirects=True,
        )
        self._last_request = 0.0
        self._get = retry(
            retry=retry_if_exception(_is_retryable),
            stop=stop_after_attempt(attempts),
            wait=wait_exponential(multiplier=backoff_seconds, max=60),
            reraise=True,
        )(self._get_once)
        self.robots = self._read_robots(user_agent)

    def close(self) -> None:
        self.client.close()

    def _pause(self) -> None:
        """One request at a time, at least `delay_seconds` apart."""
        wait = self._last_request + self.delay_seconds - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last_request = time.monotonic()

    def _get_once(self, path: str, headers: dict[str, str]) -> httpx.Response:
        self._pause()
        response = self.client.get(path, headers=headers)
        if response.status_code >= 500:
            raise _Retryable(f"HTTP {response.status_code}")
        return response

    def _read_robots(self, user_agent: str) -> urllib.robotparser.RobotFileParser:
        robots = urllib.robotparser.RobotFileParser()
        try:
            response = self._get("/robots.txt", {})
        except (_Retryable, httpx.HTTPError):
            response = None
        if response is not None and response.status_code == 200:
            robots.parse(response.text.splitlines())
        elif response is not None and response.status_code < 500:  # no robots.txt (404): no rule (RFC 9309)
            robots.parse([])
        else:  # robots.txt unreachable: assume everything is forbidden (RFC 9309 §2.3.1.4)
            robots.parse(["User-agent: *", "Disallow: /"])
        self._agent = user_agent
        return robots

    def allowed(self, path: str) -> bool:
        return self.robots.can_fetch(self._agent, self.base_url + path)

    def fetch(self, store: Path, target: Target, report: FetchReport) -> str | None:
        """Fetch one page into the store; the text of the page (fetched or unchanged), None when none."""
        if not self.allowed(target.path):
            report.refused_by_robots.append(target.name)
            return None
        kept = read_meta(store / target.name)
        headers = {}
        if kept and kept.etag:
            headers["If-None-Match"] = kept.etag
        if kept and kept.last_modified:
            headers["If-Modified-Since"] = kept.last_modified
        try:
            response = self._get(target.path, headers)
        except _Retryable as error:
            report.failed[target.name] = f"{error} after retries"
            return None
        except httpx.HTTPError as error:
            report.failed[target.name] = f"{type(error).__name__} after retries"
            return None
        if response.status_code == 304 and kept:
            report.unchanged.append(target.name)
            return (store / target.name).read_bytes().decode("utf-8", errors="replace")
        if response.status_code != 200:
            report.failed[target.name] = f"HTTP {response.status_code}"
            return None
        body = response.content
        write_capture(
            store,
            target.name,
            body,
            CaptureMeta(
                url=str(response.url),
                fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
                status=response.status_code,
                sha256=hashlib.sha256(body).hexdigest(),
                content_type=response.headers.get("content-type"),
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
            ),
        )
        report.fetched.append(target.name)
        return body.decode("utf-8", errors="replace")


def fetch_source(
    source: str,
    store: Path,
    *,
    base_url: str | None = None,
    ids: tuple[str, ...] = (),
    max_pages: int = 500,
    delay_seconds: float = 1.0,
    timeout_seconds: float = 30.0,
    attempts: int = 4,
    backoff_seconds: float = 2.0,
    progress: Callable[[str, int, int], None] | None = None,
) -> FetchReport:
    """Fetch a source's pages into `store`, following the links its plan follows, up to `max_pages` requests."""
    plan = PLANS[source]
    fetcher = PoliteFetcher(base_url or plan.base_url, delay_seconds=delay_seconds, timeout_seconds=timeout_seconds,
                            attempts=attempts, backoff_seconds=backoff_seconds)  # fmt: skip
    report = FetchReport()
    queue = list(dict.fromkeys(plan.start(ids or DEFAULT_IDS.get(source, ()))))
    seen = set(queue)
    done = 0
    try:
        for target in _drain(queue):
            if done >= max_pages:
                report.left_for_next_run = len(queue) + 1
                break
            done += 1
            if progress:
                progress(target.name, done, done + len(queue))
            body = fetcher.fetch(store, target, report)
            for more in plan.follow(target, body) if body else []:
                if more not in seen:
                    seen.add(more)
                    queue.append(more)
    finally:
        fetcher.close()
    return report


def _drain(queue: list[Target]) -> Iterator[Target]:
    while queue:
        yield queue.pop(0)
