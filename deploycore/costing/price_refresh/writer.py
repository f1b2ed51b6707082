"""Writing a refreshed catalog atomically: a temporary file in the same folder, then a rename.

A failure at any point leaves the previous catalog as it was and no temporary file behind.
Not for building the catalog (`refresh.py`).
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

from deploycore.costing.catalog import PriceCatalog, catalog_to_csv, parse_catalog_csv


def dated_path(folder: Path, day: date) -> Path:
    """Where the catalog refreshed on `day` is written: `catalog-YYYY-MM-DD.csv`."""
    return folder / f"catalog-{day.isoformat()}.csv"


def write_catalog(catalog: PriceCatalog, path: Path) -> Path:
    """Validate the catalog's CSV as the app will read it, then replace `path` in one rename."""
    text = catalog_to_csv(catalog)
    checked = parse_catalog_csv(text, name=path.name)
    if checked.catalog is None:
        listed = "; ".join(str(e) for e in checked.errors)
        raise ValueError(f"the refreshed catalog would be invalid, nothing written: {listed}")
    handle = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", newline="", dir=path.parent, prefix=".catalog-", suffix=".tmp",
        delete=False,
    )  # fmt: skip
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return path
