"""The capture store: each fetched response kept as it came, beside a small JSON file that says where it came from.

What belongs here: the one definition of how a capture is stored and read back, shared by the fetcher
(`ingest/fetch.py`, which writes) and `eparl adapt` (`ingest/adapt.py`, which reads). A capture is the body's
bytes under the page's name (`senate/ru-RU_lawProjects_details_6143.html`: the same names as a folder of saved
pages, so a folder saved by hand reads the same way) and `<name>.meta.json` beside it: the URL, the time, the
HTTP status, the headers that matter (ETag, Last-Modified, Content-Type) and the sha256 of the bytes. A saved
folder without meta files is read too: its pages then have no URL or time.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from dagster_project.adapters import Page

META_SUFFIX = ".meta.json"
PAGE_SUFFIXES = (".html", ".htm")  # what a capture's body is; MANIFEST.txt, SHA256SUMS and the like are not pages


@dataclass(frozen=True)
class CaptureMeta:
    url: str
    fetched_at: str
    status: int
    sha256: str
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None


def meta_path(body: Path) -> Path:
    return body.with_name(body.name + META_SUFFIX)


def write_capture(store: Path, name: str, body: bytes, meta: CaptureMeta) -> Path:
    """Keep one response: its bytes as they came and its meta file (written after the body, so a meta file
    always describes a complete body)."""
    path = store / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body)
    meta_path(path).write_text(json.dumps(asdict(meta), ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def read_meta(body: Path) -> CaptureMeta | None:
    path = meta_path(body)
    return CaptureMeta(**json.loads(path.read_text(encoding="utf-8"))) if path.is_file() else None


def page_files(store: Path) -> list[Path]:
    return sorted(p for p in store.rglob("*") if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES)


def read_page(store: Path, body: Path) -> tuple[Page, str | None]:
    """The page, and why its bytes could not be read as text (None when they could). Pages are UTF-8, as both
    sites serve them; a page that is not is kept with an empty text and the reason, never decoded by a guess."""
    data = body.read_bytes()
    meta = read_meta(body)
    try:
        text, problem = data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        text, problem = "", f"not UTF-8 text ({error.reason} at byte {error.start})"
    page = Page(
        name=body.relative_to(store).as_posix(),
        html=text,
        sha256=hashlib.sha256(data).hexdigest(),
        url=meta.url if meta else None,
        fetched_at=meta.fetched_at if meta else None,
    )
    return page, problem
