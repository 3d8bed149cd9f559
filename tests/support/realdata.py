"""The real data folder: where it is (`EPARL_REALDATA`, by default ../shared/realdata beside the checkout) and
`require_realdata`, which every test that reads it calls. Only that belongs here; what a test reads from the folder
is the test's own."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dagster_project.layout import PROJECT_DIR

REALDATA_DIR = Path(os.environ.get("EPARL_REALDATA", PROJECT_DIR.parent / "shared" / "realdata"))


def require_realdata() -> Path:
    """The real data folder; absent, the test skips on a user's clone and fails in CI, where it must be."""
    if not REALDATA_DIR.is_dir():
        reason = f"real data folder {REALDATA_DIR} is absent (set EPARL_REALDATA to where shared/realdata is)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return REALDATA_DIR
