"""The landing folder's files as the demo generator writes them: which files it owns, and the formats.

What belongs here: the names of the files the generator owns (removed before it writes again, so a second run
converges and other files are left alone), and one writer per format: JSON, a JSON array one item per line,
JSON Lines and CSV, all UTF-8 with "\\n" line ends.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path

ProgressCallback = Callable[[str, int, int], None]  # (step, done, total), called as a step writes its files

OWNED_FILES = {  # what the generator writes, and so removes before writing again (folder -> file names)
    ".": re.compile(r"synthetic\.json"),
    "popolo": re.compile(r"members\.json|votes_\d{4}-\d{2}\.json"),
    "bills": re.compile(r"bills_\d{4}\.jsonl"),
    "submissions": re.compile(r"submissions_\d{4}-\d{2}\.csv"),
    "petitions": re.compile(r"petitions\.json"),
}


def remove_generated_files(landing: Path) -> None:
    for folder, names in OWNED_FILES.items():
        directory = landing / folder
        if directory.is_dir():
            for path in directory.iterdir():
                if path.is_file() and names.fullmatch(path.name):
                    path.unlink()


def _write_text(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


def write_json(path: Path, document: object) -> Path:
    return _write_text(path, json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def write_array_file(path: Path, key: str, items: list[dict]) -> Path:
    """A JSON object holding one array, one item per line: readable, and no line of many megabytes."""
    body = ",\n".join(json.dumps(item, ensure_ascii=False) for item in items)
    return _write_text(path, f'{{"{key}": [\n{body}\n]}}\n')


def write_jsonl(path: Path, records: list[dict]) -> Path:
    return _write_text(path, "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records))


def write_csv(path: Path, header: Sequence[str], rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path
