"""Staff accounts, sign-in and browser sessions.

Passwords are hashed with argon2id (argon2-cffi's PasswordHasher; a hash made with older
parameters is replaced at the next sign-in). Failed sign-ins are counted per account and per
client address over a sliding window; past the limit both are refused with the minutes left,
so guessing is slow for one account from many addresses and for many accounts from one.
A session is a random token in the cookie; the store keeps only its SHA-256 and the session's
CSRF token, so a leaked table cannot be replayed as cookies. Candidates have no password: their
session is opened when they redeem an invite (levelup.hosted.assessments)."""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from levelup.attempts.clock import as_utc
from levelup.hosted.errors import AccountError, SignInRefused, TooManyAttempts
from levelup.store.database import Database
from levelup.store.models import LoginFailureRow, User, WebSessionRow

STAFF_ROLES = ("admin", "reviewer")
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
STAFF_SESSION = timedelta(hours=12)
CANDIDATE_SESSION = timedelta(hours=24)
MIN_PASSWORD_LENGTH = 10
REFUSED = "that name and password do not match a staff account"


def server_now() -> datetime:
    """Hosted mode's only clock (LEVELUP_FAKE_TIME is refused at start-up)."""
    return datetime.now(UTC)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class SignedIn:
    """Who a request's session belongs to."""

    user_id: int
    name: str
    role: str
    email: str | None
    csrf: str
    expires_at: datetime


@dataclass(frozen=True)
class NewSession:
    token: str  # goes into the cookie; never stored
    signed_in: SignedIn


class People:
    def __init__(self, database: Database, hasher: PasswordHasher | None = None) -> None:
        self.database = database
        self.hasher = hasher or PasswordHasher()
        self._decoy_hash: str | None = None

    # -- accounts ----------------------------------------------------------------------------
    def create_staff(self, name: str, email: str | None, password: str, role: str) -> User:
        name = name.strip()
        if role not in STAFF_ROLES:
            raise AccountError(f"a staff account is an admin or a reviewer, not {role!r}")
        if not name or len(name) > 200 or any(c.isspace() for c in name):
            raise AccountError("an account name is 1-200 characters without spaces")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise AccountError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
        with self.database.session() as session:
            if session.scalars(select(User).where(User.name == name)).first() is not None:
                raise AccountError(f"there is already an account named {name!r}")
            user = User(name=name, email=email or None, role=role, password_hash=self.hasher.hash(password),
                        created_at=server_now())
            session.add(user)
        return user

    def staff(self) -> list[User]:
        with self.database.session() as session:
            return list(session.scalars(select(User).where(User.role.in_(STAFF_ROLES)).order_by(User.name)).all())

    def reviewers(self) -> list[User]:
        return [user for user in self.staff() if user.role == "reviewer"]

    # -- signing in --------------------------------------------------------------------------
    def sign_in(self, name: str, password: str, client: str) -> NewSession:
        moment = server_now()
        keys = (f"name:{name.strip().lower()}"[:400], f"addr:{client}"[:400])
        with self.database.session() as session:
            self._refuse_if_limited(session, keys, moment)
            user = session.scalars(
                select(User).where(User.name == name.strip(), User.role.in_(STAFF_ROLES))
            ).first()
            if not self._password_matches(user, password):
                session.add_all(LoginFailureRow(key=key, at=moment) for key in keys)
                session.execute(delete(LoginFailureRow).where(LoginFailureRow.at < moment - FAILURE_WINDOW))
                failed = True
            else:
                assert user is not None and user.password_hash is not None
                if self.hasher.check_needs_rehash(user.password_hash):
                    user.password_hash = self.hasher.hash(password)
                session.execute(delete(LoginFailureRow).where(LoginFailureRow.key == keys[0]))
                failed = False
        if failed:  # stored first: the failure counts even though the request is refused
            raise SignInRefused(REFUSED)
        assert user is not None
        return self.open_session(user, STAFF_SESSION)

    def _password_matches(self, user: User | None, password: str) -> bool:
        if user is not None and user.password_hash:
            stored = user.password_hash
        else:  # verify anyway, so a wrong name costs what a wrong password does
            if self._decoy_hash is None:
                self._decoy_hash = self.hasher.hash(secrets.token_urlsafe(16))
            stored = self._decoy_hash
        try:
            self.hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False
        return user is not None and user.password_hash is not None

    @staticmethod
    def _refuse_if_limited(session: Session, keys: tuple[str, ...], moment: datetime) -> None:
        since = moment - FAILURE_WINDOW
        for key in keys:
            count, oldest = session.execute(
                select(func.count(), func.min(LoginFailureRow.at)).where(
                    LoginFailureRow.key == key, LoginFailureRow.at >= since
                )
            ).one()
            if count >= MAX_FAILURES:
                wait = (as_utc(oldest) + FAILURE_WINDOW - moment).total_seconds()
                raise TooManyAttempts(max(1, math.ceil(wait / 60)))

    # -- sessions ----------------------------------------------------------------------------
    def open_session(self, user: User, lifetime: timedelta) -> NewSession:
        token = secrets.token_urlsafe(32)
        moment = server_now()
        row = WebSessionRow(id=token_hash(token), user_id=user.id, csrf=secrets.token_urlsafe(32),
                            created_at=moment, expires_at=moment + lifetime)
        with self.database.session() as session:
            session.add(row)
        return NewSession(token, SignedIn(user.id, user.name, user.role, user.email, row.csrf, row.expires_at))

    def session_for(self, token: str | None) -> SignedIn | None:
        """The live session a cookie's token opens, or None (unknown, expired: expired ones are removed)."""
        if not token or len(token) > 200:
            return None
        with self.database.session() as session:
            row = session.get(WebSessionRow, token_hash(token))
            if row is None:
                return None
            expires = as_utc(row.expires_at)
            if expires <= server_now():
                session.delete(row)
                return None
            user = session.get(User, row.user_id)
            if user is None:
                return None
            return SignedIn(user.id, user.name, user.role, user.email, row.csrf, expires)

    def sign_out(self, token: str | None) -> None:
        if token:
            with self.database.session() as session:
                session.execute(delete(WebSessionRow).where(WebSessionRow.id == token_hash(token)))

    def user(self, user_id: int) -> User | None:
        with self.database.session() as session:
            return session.get(User, user_id)
