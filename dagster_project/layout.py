"""Where the checkout's own folders are: the dbt project, its code lists and its manifest, the default data folder.

A leaf module, importing nothing of the project, so the pipeline, `publish/`, `expectations/`, `bench/` and the
tests read these paths from one place without importing the orchestration. Where a run reads and writes its data
(the landing folder, the warehouse, the publish folder) is a setting (`settings.py`), not part of the layout.
"""

from __future__ import annotations

import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
DBT_DIR = PROJECT_DIR / "dbt"
SEEDS_DIR = DBT_DIR / "seeds"
"""The code lists (dbt seeds): dbt loads and tests them; the loader's rules and the demo generator read them."""
DBT_TARGET_DIR = DBT_DIR / "target"
"""dbt's artefacts shared by every run of the checkout: the manifest and the docs site's build cache."""
DBT_MANIFEST = DBT_TARGET_DIR / "manifest.json"
"""The parsed dbt project (`transform.ensure_manifest` keeps it current)."""
DBT_EXECUTABLE = str(Path(sys.executable).parent / "eparl-dbt")
"""dbt from this environment, whether or not the environment is on PATH, through `eparl-dbt`: a dbt that dies with
the process that started it (`processes.py`), so a killed run leaves no dbt behind."""
DATA_DIR = PROJECT_DIR / "data"
"""Where the settings' defaults put a run's data."""
