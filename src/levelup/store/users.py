"""Who rows belong to: the user named in the settings, created on first use."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from levelup.attempts.clock import now
from levelup.store.models import User


def user_named(session: Session, name: str) -> User:
    user = session.scalars(select(User).where(User.name == name)).first()
    if user is None:
        user = User(name=name, created_at=now())
        session.add(user)
        session.flush()
    return user
