"""The loader of the demo generator's vocabularies: the data files in `vocabularies/`.

What belongs here: reading those files, and `Forms`, the record type they all share. What a table means, and
the NamedTuple its rows become, belong to the module that draws from it (each YAML file's header names it).

The files are UTF-8: CSV with a header row for a flat table, YAML where a table nests (names in three
languages, lists of sentences, weights by code). Their order is part of the data: the generator draws from
these tables with seeded random generators, so reordering, adding or removing an entry changes what a seed
gives.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

import yaml

VOCABULARIES_DIR = Path(__file__).parent / "vocabularies"


class Forms(NamedTuple):
    """One name or phrase in Kazakh, Russian and English."""

    kk: str
    ru: str
    en: str

    @classmethod
    def of(cls, record: Mapping[str, str]) -> Forms:
        """The forms in a record that has `kk`, `ru` and `en` (and maybe more)."""
        return cls(record["kk"], record["ru"], record["en"])


def csv_rows(path: Path) -> list[dict[str, str]]:
    """A UTF-8 CSV file's rows, each keyed by the header."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_csv(name: str) -> list[dict[str, str]]:
    """The rows of `vocabularies/<name>.csv`."""
    return csv_rows(VOCABULARIES_DIR / f"{name}.csv")


def load_yaml(name: str) -> Any:
    """What `vocabularies/<name>.yaml` holds."""
    with (VOCABULARIES_DIR / f"{name}.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)
