"""hint views: when the attempt first opened each level's hints

Revision ID: 0002_hint_views
Revises: 0001_initial
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_hint_views"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("attempt_levels", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hints_viewed_elapsed", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("attempt_levels", schema=None) as batch_op:
        batch_op.drop_column("hints_viewed_elapsed")
