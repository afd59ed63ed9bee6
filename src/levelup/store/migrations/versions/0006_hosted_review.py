"""hosted review: how much new code each autosave brought (characters of its added or changed
lines), so the review dashboard's integrity rules need no archive opened per autosave

Revision ID: 0006_hosted_review
Revises: 0005_hosted
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_hosted_review"
down_revision = "0005_hosted"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("snapshots", schema=None) as batch_op:
        batch_op.add_column(sa.Column("added_characters", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("snapshots", schema=None) as batch_op:
        batch_op.drop_column("added_characters")
