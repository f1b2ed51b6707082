"""`python -m deploycore.infra.migrations` (what `make migrate` runs): bring the configured
database (`DATABASE_URL`, or the SQLite default) to the newest schema and say where it is."""

from __future__ import annotations

from deploycore.infra.migrations import current_revision, head_revision, upgrade
from deploycore.infra.settings import database_url


def main() -> None:
    """Upgrade, then print the revision before and after."""
    url = database_url()
    before = current_revision(url)
    upgrade(url)
    after = current_revision(url)
    print(f"database schema: {before or 'none'} -> {after} (newest: {head_revision()})")


if __name__ == "__main__":
    main()
