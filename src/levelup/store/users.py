"""Who rows belong to: the user named in the settings, created on first use."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from levelup.attempts.clock import now
from levelup.store.models import User


def find_user(session: Session, name: str) -> User | None:
    """The user, or None (read-only commands never create one)."""
    return session.scalars(select(User).where(User.name == name)).first()


def user_named(session: Session, name: str) -> User:
    user = find_user(session, name)
    if user is None:
        user = User(name=name, created_at=now())
        session.add(user)
        session.flush()
    return user
