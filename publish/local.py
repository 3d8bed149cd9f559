"""The local-folder target: ship a built dataset to `<publish_dir>/<dataset>/`, changing only what changed.

A file whose sha256 equals the one already published is left alone, files the dataset no longer has are
removed, and each replacement is an atomic rename, so a reader never sees half a file and a second publish
with no change writes nothing.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from dagster_project.hashing import file_sha256
from publish.package import BuiltDataset


@dataclass(frozen=True)
class ShipResult:
    """What a target did with one dataset."""

    location: str
    written: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: tuple[str, ...]
    bytes_sent: int


class LocalFolderTarget:
    def __init__(self, publish_dir: Path):
        self.publish_dir = publish_dir

    def ship(self, built: BuiltDataset) -> ShipResult:
        destination = self.publish_dir / built.name
        destination.mkdir(parents=True, exist_ok=True)
        new = {p.name: p for p in built.directory.iterdir() if p.is_file()}
        built_hashes = {f.path.name: f.sha256 for f in built.files}  # hashed when built: not read again
        written, unchanged, sent = [], [], 0
        for name, source in sorted(new.items()):
            target = destination / name
            source_sha256 = built_hashes.get(name) or file_sha256(source)
            if target.is_file() and file_sha256(target) == source_sha256:
                unchanged.append(name)
                continue
            partial = destination / f".{name}.partial"
            shutil.copyfile(source, partial)
            os.replace(partial, target)
            written.append(name)
            sent += source.stat().st_size
        removed = sorted(p.name for p in destination.iterdir() if p.is_file() and p.name not in new)
        for name in removed:
            (destination / name).unlink()
        return ShipResult(str(destination), tuple(written), tuple(removed), tuple(unchanged), sent)
