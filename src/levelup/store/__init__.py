"""Persistence: SQLAlchemy 2 models and Alembic migrations. SQLite by default, any URL works."""
