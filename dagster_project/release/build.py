"""Building a release: the published layer copied into a new folder of its own, switched in as `current`, old
releases pruned (the folder's layout: `dagster_project/release/__init__.py`).

How the switch stays atomic: a release is built in a hidden `.partial` folder and renamed into place when complete
(a rename within one file system is atomic), then a new symlink `.current.tmp` is made and renamed over
`current` with os.replace, which POSIX makes atomic: a reader resolving `current` finds either the old release or
the new one, never a half-built one and never no link at all. The copy reads the warehouse through a read-only
ATTACH, so it neither blocks nor is blocked by other readers, and readers of a release never hold a lock that
the pipeline needs: each release is a file of its own. The last `releases_kept` complete releases are kept; the
one `current` points to is never deleted. A reader that resolved `current` just before a switch keeps its old
release (an open file stays readable even if pruned, and pruning removes only releases older than the kept ones).
A run that changed no released row (same tables, same content fingerprint) makes no new release: `current`
stays, so an unchanged warehouse gives unchanged files downstream.

Leftovers: a build that fails removes its `.partial` folder; one whose process was killed cannot, so the next
build removes every `.partial` it finds. Builds hold the folder's `.lock` (flock, freed by the kernel when its
process dies), so the `.partial` folders a build finds are never another live build's.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import duckdb

from dagster_project.hashing import row_fingerprints
from dagster_project.layout import PROJECT_DIR

RELEASE_SCHEMAS = ("published", "reference")
CURRENT = "current"
DATABASE_FILE = "warehouse.duckdb"
MANIFEST_FILE = "release.json"
PARTIAL_SUFFIX = ".partial"
LOCK_FILE = ".lock"


@dataclass(frozen=True)
class Release:
    release_id: str
    directory: Path
    manifest: dict

    @property
    def database(self) -> Path:
        return self.directory / DATABASE_FILE


def code_version() -> str:
    """`git describe --always --dirty` of the project when it is a git checkout, else the package's version."""
    try:
        described = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=PROJECT_DIR,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        if described:
            return described
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        return version("eparl")
    except PackageNotFoundError:
        return "unknown"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _tables(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    return con.execute(
        "SELECT table_schema, table_name FROM information_schema.tables WHERE table_catalog = 'wh' "
        "AND table_type IN ('BASE TABLE', 'VIEW') AND list_contains(?, table_schema) ORDER BY ALL",
        [list(RELEASE_SCHEMAS)],
    ).fetchall()


def content_fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """A digest of every released table's rows (`row_fingerprints`: order-independent)."""
    digest = hashlib.sha256()
    for schema, table in _tables(con):
        (rows,) = row_fingerprints(con, f"wh.{_quote(schema)}.{_quote(table)}").values() or ["0"]
        digest.update(f"{schema}.{table}:{rows}\n".encode())
    return digest.hexdigest()


def build_release(
    warehouse: Path, releases_dir: Path, run_id: str, kept: int = 3, duckdb_config: dict[str, str] | None = None
) -> Release:
    """Copy the warehouse's published layer into a new release and make it `current`; prune old releases.
    When no released row changed since the current release, that release is returned and nothing is written."""
    with duckdb.connect(config=duckdb_config or {}) as con:
        con.execute("ATTACH ? AS wh (READ_ONLY)", [str(warehouse)])
        fingerprint = content_fingerprint(con)
    current = current_release(releases_dir)
    if current is not None and current.manifest.get("content_sha256") == fingerprint:
        return current
    releases_dir.mkdir(parents=True, exist_ok=True)
    with _one_builder(releases_dir):
        for stale in releases_dir.glob(f".*{PARTIAL_SUFFIX}"):  # left by a build whose process was killed
            shutil.rmtree(stale)
        now = dt.datetime.now(dt.UTC)
        release_id = f"{now:%Y%m%dT%H%M%S%fZ}-{run_id[:8]}"
        partial = releases_dir / f".{release_id}{PARTIAL_SUFFIX}"
        directory = releases_dir / release_id
        try:
            manifest = {
                "release_id": release_id,
                "run_id": run_id,
                "created_at": now.isoformat(timespec="seconds").replace("+00:00", "Z"),
                "code_version": code_version(),
                "content_sha256": fingerprint,
                **_fill(partial, warehouse, duckdb_config),
            }
            (partial / MANIFEST_FILE).write_text(
                json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
            os.rename(partial, directory)  # complete before anyone can see it
        except BaseException:  # a failed build leaves nothing behind (a killed one: the next build removes it)
            shutil.rmtree(partial, ignore_errors=True)
            raise
        switch_current(releases_dir, release_id)
        prune(releases_dir, kept)
    return Release(release_id, directory, manifest)


@contextmanager
def _one_builder(releases_dir: Path) -> Iterator[None]:
    """Hold the releases folder's lock: one build at a time, so a `.partial` folder found while holding it is
    stale. The kernel releases the lock when its process dies, however it dies."""
    with open(releases_dir / LOCK_FILE, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _fill(partial: Path, warehouse: Path, duckdb_config: dict[str, str] | None) -> dict:
    """Copy the released tables into `partial` (DuckDB and Parquet); return the manifest's tables and sources."""
    (partial / "parquet").mkdir(parents=True)
    tables: dict[str, int] = {}
    with duckdb.connect(config=duckdb_config or {}) as con:
        con.execute("ATTACH ? AS wh (READ_ONLY)", [str(warehouse)])
        con.execute("ATTACH ? AS rel", [str(partial / DATABASE_FILE)])
        names = _tables(con)
        for schema in sorted({schema for schema, _ in names}):
            con.execute(f"CREATE SCHEMA rel.{_quote(schema)}")
        for schema, table in names:
            relation = f"{_quote(schema)}.{_quote(table)}"
            con.execute(f"CREATE TABLE rel.{relation} AS FROM wh.{relation}")
            parquet = partial / "parquet" / f"{schema}.{table}.parquet"
            con.execute(f"COPY rel.{relation} TO '{parquet}' (FORMAT parquet, COMPRESSION zstd)")
            tables[f"{schema}.{table}"] = con.execute(f"SELECT count(*) FROM rel.{relation}").fetchone()[0]
        sources = [
            {"source_file": f, "raw_table": t, "sha256": h, "bytes": b}
            for f, t, h, b in con.execute(
                "SELECT source_file, raw_table, source_sha256, file_bytes FROM wh.audit.load_log ORDER BY ALL"
            ).fetchall()
        ]
        con.execute("DETACH rel")
        con.execute("DETACH wh")
    return {"tables": tables, "source_files": sources}


def switch_current(releases_dir: Path, release_id: str) -> None:
    """Point `current` at `release_id` atomically: a new symlink renamed over the old one (os.replace)."""
    temporary = releases_dir / f".{CURRENT}.tmp"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(release_id, target_is_directory=True)  # relative: the folder can move as a whole
    os.replace(temporary, releases_dir / CURRENT)


def list_releases(releases_dir: Path) -> list[Path]:
    """Complete releases, oldest first (release ids start with their UTC time)."""
    if not releases_dir.is_dir():
        return []
    return sorted(
        p
        for p in releases_dir.iterdir()
        if p.is_dir() and not p.is_symlink() and not p.name.startswith(".") and (p / MANIFEST_FILE).is_file()
    )


def prune(releases_dir: Path, kept: int) -> list[str]:
    """Delete all but the newest `kept` releases (at least one), never the one `current` points to."""
    current = current_release(releases_dir)
    releases = list_releases(releases_dir)
    old = releases[: max(len(releases) - max(kept, 1), 0)]
    removed = []
    for path in old:
        if current is not None and path.name == current.release_id:
            continue
        shutil.rmtree(path)
        removed.append(path.name)
    return removed


def current_release(releases_dir: Path) -> Release | None:
    """The release `current` points to (resolved once: the caller keeps reading that one), or None."""
    link = releases_dir / CURRENT
    try:
        directory = (releases_dir / os.readlink(link)).resolve()
        manifest = json.loads((directory / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError):
        return None
    return Release(directory.name, directory, manifest)
