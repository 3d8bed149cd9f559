"""Are two publish folders the same? `python -m bench.compare_published BEFORE AFTER [--ignore GLOB ...]`.

Hashes (sha256) every file under both folders and prints each file that is only in one of them or differs;
exits 1 if any does, 0 if every file is byte-identical. `--ignore` leaves out files whose path below the folder
matches a glob (files that depend on the run, such as a timestamp, not on the data). Used to prove that a
change to the pipeline's speed changes nothing it publishes: run the pipeline before and after on the same
landing folder, then compare.
"""

from __future__ import annotations

import argparse
import sys
from fnmatch import fnmatchcase
from pathlib import Path

from dagster_project.hashing import file_sha256


def digests(folder: Path, ignore: list[str]) -> dict[str, str]:
    """The sha256 of every file under `folder`, by its path below it, but those matching an `ignore` glob."""
    files = (p for p in sorted(folder.rglob("*")) if p.is_file())
    relative = ((p.relative_to(folder).as_posix(), p) for p in files)
    return {name: file_sha256(path) for name, path in relative if not any(fnmatchcase(name, g) for g in ignore)}


def differences(before: Path, after: Path, ignore: list[str]) -> list[str]:
    """One line per file that is only in one folder or whose bytes differ."""
    old, new = digests(before, ignore), digests(after, ignore)
    lines = []
    for name in sorted(old.keys() | new.keys()):
        if name not in new:
            lines.append(f"only before: {name}")
        elif name not in old:
            lines.append(f"only after:  {name}")
        elif old[name] != new[name]:
            lines.append(f"differs:     {name}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--ignore", action="append", default=[], help="a glob of paths to leave out (repeatable)")
    args = parser.parse_args(argv)
    found = differences(args.before, args.after, args.ignore)
    print("\n".join(found) if found else f"{len(digests(args.after, args.ignore))} files, all byte-identical")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
