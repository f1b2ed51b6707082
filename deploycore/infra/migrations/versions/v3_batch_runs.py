"""The weekly-forecast batch tables: runs, engine events, rejected rows and forecasts.

They were first made by the forecasting scenario on its own (the same shape as here), so a
table that already exists is kept as it is.

Revision ID: batch_runs
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "batch_runs"
down_revision = "live_open_question"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def _missing(table: str) -> bool:
    return not sa.inspect(op.get_bind()).has_table(table)


def upgrade() -> None:
    """Create each batch table that does not exist yet."""
    if _missing("oj_batch_runs"):
        op.create_table(
            "oj_batch_runs",
            sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
            sa.Column("week", sa.Integer(), nullable=False),
            sa.Column("status", sa.String(16), nullable=False),
            sa.Column("started_at", WHEN, nullable=False),
            sa.Column("finished_at", WHEN, nullable=True),
            sa.Column("duration_s", sa.Float(), nullable=True),
            sa.Column("rows_in", sa.Integer(), nullable=False),
            sa.Column("rows_out", sa.Integer(), nullable=False),
            sa.Column("rows_rejected", sa.Integer(), nullable=False),
            sa.Column("partitions_total", sa.Integer(), nullable=False),
            sa.Column("partitions_done", sa.Integer(), nullable=False),
            sa.Column("cluster", sa.String(200), nullable=False),
            sa.Column("input_name", sa.String(200), nullable=False),
            sa.Column("output_file", sa.String(300), nullable=False),
            sa.Column("host", sa.String(200), nullable=False),
            sa.Column("pid", sa.Integer(), nullable=False),
            sa.Column("message", sa.Text(), nullable=False),
        )
        op.create_index("ix_oj_batch_runs_week", "oj_batch_runs", ["week"])
    if _missing("oj_batch_events"):
        op.create_table(
            "oj_batch_events",
            sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
            sa.Column("run_id", sa.Integer(), sa.ForeignKey("oj_batch_runs.id"), nullable=False),
            sa.Column("kind", sa.String(40), nullable=False),
            sa.Column("at_s", sa.Float(), nullable=False),
            sa.Column("started_s", sa.Float(), nullable=True),
            sa.Column("worker", sa.String(200), nullable=False),
            sa.Column("partition", sa.Integer(), nullable=True),
            sa.Column("rows", sa.Integer(), nullable=True),
        )
        op.create_index("ix_oj_batch_events_run_id", "oj_batch_events", ["run_id"])
    if _missing("oj_batch_rejects"):
        op.create_table(
            "oj_batch_rejects",
            sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
            sa.Column("run_id", sa.Integer(), sa.ForeignKey("oj_batch_runs.id"), nullable=False),
            sa.Column("line", sa.Integer(), nullable=False),
            sa.Column("store", sa.String(40), nullable=False),
            sa.Column("brand", sa.String(40), nullable=False),
            sa.Column("reason", sa.Text(), nullable=False),
        )
        op.create_index("ix_oj_batch_rejects_run_id", "oj_batch_rejects", ["run_id"])
    if _missing("oj_forecasts"):
        op.create_table(
            "oj_forecasts",
            sa.Column("week", sa.Integer(), primary_key=True, autoincrement=False),
            sa.Column("store", sa.Integer(), primary_key=True, autoincrement=False),
            sa.Column("brand", sa.String(40), primary_key=True),
            sa.Column("predicted_logmove", sa.Float(), nullable=False),
            sa.Column("predicted_units", sa.Float(), nullable=False),
            sa.Column("run_id", sa.Integer(), sa.ForeignKey("oj_batch_runs.id"), nullable=False),
        )


def downgrade() -> None:
    """Drop the batch tables."""
    for table in ("oj_forecasts", "oj_batch_rejects", "oj_batch_events", "oj_batch_runs"):
        op.drop_table(table)
