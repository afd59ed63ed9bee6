"""check requests: checks handed to the grading queue, and the request each stored check graded

Revision ID: 0004_check_requests
Revises: 0003_rounds
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_check_requests"
down_revision = "0003_rounds"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "check_requests",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("levels", sa.JSON(), nullable=False),
        sa.Column("code_archive", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("deliveries", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["attempt_id"], ["attempts.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_check_requests_attempt_id", "check_requests", ["attempt_id"])
    with op.batch_alter_table("checks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("request_id", sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint("uq_checks_request_id", ["request_id"])


def downgrade() -> None:
    with op.batch_alter_table("checks", schema=None) as batch_op:
        batch_op.drop_constraint("uq_checks_request_id", type_="unique")
        batch_op.drop_column("request_id")
    op.drop_index("ix_check_requests_attempt_id", table_name="check_requests")
    op.drop_table("check_requests")
