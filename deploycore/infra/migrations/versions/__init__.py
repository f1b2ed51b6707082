"""Alembic revisions of the app's database, one file per schema change, oldest first."""
