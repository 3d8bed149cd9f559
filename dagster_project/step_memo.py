"""Skipping work that nothing changed: the one mechanism of every step that does (dbt, the suites, the datasets,
the docs site).

A step splits its work into parts (dbt: each model and each test; a suite: each quarter batch of its table; a
dataset: its folder; the docs site: the page) and gives each part a fingerprint of what it reads: rows
(`hashing.row_fingerprints`), code and settings, made into one string by `hashing.digest`. `StepMemo.changed`
returns the parts whose fingerprint is not the one recorded when the part last succeeded; the step does those
only, then records what succeeded and forgets what failed (`StepMemo.record`), so a part that failed is done
again on the next run whatever its fingerprint.

A memo is one JSON file per step in `<warehouse>.steps/`, beside the warehouse whose state it describes: a copy
of the warehouse made with its folder keeps it, and it does not depend on the Dagster instance, so a run from a
new instance on the same warehouse skips the same work. (Dagster's public API has no reader of asset check
results, and the suites' and dbt tests' results are what most of the skipping rests on.) A memo records what was
done, not that it is still there: a step that skips checks that its output exists (dbt: every relation; a
dataset: every file at its size; the docs site: the page), so a deleted warehouse or folder is rebuilt.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Done:
    """A part as it last succeeded: the fingerprint of what it read, the run that did it, and what the step keeps of
    its result (a dataset's row counts, say)."""

    fingerprint: str
    run_id: str
    kept: Mapping[str, Any] = field(default_factory=dict)


def memo_folder(warehouse: str | Path) -> Path:
    """`<warehouse>.steps`, beside the warehouse file."""
    path = Path(warehouse)
    return path.with_name(path.name + ".steps")


class StepMemo:
    """What one step last did, part by part, for one warehouse."""

    def __init__(self, warehouse: str | Path, step: str) -> None:
        self.path = memo_folder(warehouse) / (re.sub(r"[^A-Za-z0-9_.-]+", "__", step) + ".json")

    def done(self) -> dict[str, Done]:
        """Every part recorded, by name (none when the memo does not exist or cannot be read)."""
        try:
            recorded = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {part: Done(**entry) for part, entry in recorded.items()}

    def done_from(self, part: str, fingerprint: str) -> Done | None:
        """The record of `part` if it was last done from this fingerprint, else None."""
        done = self.done().get(part)
        return done if done is not None and done.fingerprint == fingerprint else None

    def changed(self, fingerprints: Mapping[str, str]) -> list[str]:
        """The parts, sorted, whose fingerprint differs from the one recorded for them, or that were never done."""
        done = self.done()
        return sorted(
            part for part, value in fingerprints.items() if getattr(done.get(part), "fingerprint", None) != value
        )

    def record(self, done: Mapping[str, Done], forget: Iterable[str] = ()) -> None:
        """Record the parts of `done` as done and drop the records of the parts of `forget` (they failed: they are
        done again on the next run); the other parts' records stay."""
        gone = set(forget) - set(done)
        self._write({part: entry for part, entry in {**self.done(), **done}.items() if part not in gone})

    def _write(self, done: Mapping[str, Done]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(f".{self.path.name}.{os.getpid()}.partial")
        entries = {part: asdict(entry) for part, entry in done.items()}
        partial.write_text(json.dumps(entries, sort_keys=True, ensure_ascii=False, indent=1), encoding="utf-8")
        partial.replace(self.path)  # atomic: a reader sees the old memo or the new one, never half of one
