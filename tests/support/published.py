"""Checks of what a run published, shared by the tests of several runs: the stock `frictionless validate` on every
package of a publish folder, the sha256 of every published file, and a search of public outputs for values that must
not be in them. A check of one dataset's contents belongs to the test that knows the dataset."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from dagster_project.hashing import file_sha256


def assert_packages_pass_frictionless(publish_dir: Path) -> list[str]:
    """Run the stock `frictionless validate` command, as a data user would, on every datapackage.json of a publish
    folder; each must report valid. Returns the datasets checked."""
    frictionless = Path(sys.executable).with_name("frictionless")
    checked, invalid = [], {}
    for package in sorted(publish_dir.glob("*/datapackage.json")):
        answer = subprocess.run([frictionless, "validate", "--json", package], capture_output=True, text=True)
        report = json.loads(answer.stdout)
        errors = [f"{t['name']}: {e['message']}" for t in report["tasks"] for e in t["errors"]] + [
            e["message"] for e in report.get("errors", [])
        ]
        if answer.returncode or not report["valid"]:
            invalid[package.parent.name] = errors[:5] or [answer.stderr[-500:]]
        checked.append(package.parent.name)
    assert invalid == {}, invalid
    return checked


def occurrences(needles: set[str], texts: list[tuple[str, str]], workdir: Path) -> set[tuple[str, str]]:
    """Which of `needles` occur in which of `texts` (name, text), as (needle, name), by exact substring search of all
    needles at once: GNU grep's fixed-string search reads every text once for all of them, where a Python loop of
    `needle in text` reads every text once per needle (minutes for the demo's 10,000 planted values).

    Exact about whether any needle occurs in a text; where matches overlap, grep names the leftmost-longest (and the
    needles inside it are added). Needles hold no line break (grep reads line by line)."""
    assert needles and not any("\n" in needle or "\r" in needle or not needle for needle in needles)
    workdir.mkdir(parents=True, exist_ok=True)
    patterns = workdir / "needles.txt"
    patterns.write_text("".join(f"{needle}\n" for needle in sorted(needles)), encoding="utf-8")
    names = {}
    for number, (name, text) in enumerate(texts):
        (workdir / f"{number}.txt").write_text(text, encoding="utf-8")
        names[f"{number}.txt"] = name
    grep = ["grep", "--fixed-strings", "--only-matching", "--with-filename", "--file", str(patterns), *sorted(names)]
    # LC_ALL=C: bytes, so that no locale changes what matches (UTF-8 needles match only whole characters)
    found = subprocess.run(grep, cwd=workdir, capture_output=True, env={**os.environ, "LC_ALL": "C"})
    assert found.returncode in (0, 1), found.stderr  # 1: nothing found
    pairs = set()
    for line in found.stdout.decode("utf-8").splitlines():
        file, _, match = line.partition(":")
        pairs.add((match, names[file]))
    return {(needle, name) for match, name in pairs for needle in needles if needle in match}


def folder_hashes(folder: Path) -> dict[str, str]:
    """The sha256 of every file under `folder` (less the publisher's `.build` folders), by its relative path."""
    return {
        p.relative_to(folder).as_posix(): file_sha256(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".build" not in p.parts
    }
