"""Alembic environment: migrations run on the connection levelup hands over (see database.py)."""

from alembic import context

from levelup.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run levelup's migrations through levelup.store.database.upgrade_to_head")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
