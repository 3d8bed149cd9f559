"""The adapters `eparl adapt` runs, in order: registering a source's adapter is one line here."""

from __future__ import annotations

from dagster_project.adapters import Adapter
from dagster_project.adapters.legalacts import LEGALACTS
from dagster_project.adapters.mazhilis import MAZHILIS
from dagster_project.adapters.senate import SENATE

ADAPTERS: tuple[Adapter, ...] = (SENATE, MAZHILIS, LEGALACTS)
