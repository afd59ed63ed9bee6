"""Assessments and invites: an admin makes an assessment (a problem, exam minutes, an optional
window in which it may be started) and invites candidates by email. An invite's token is 256
random bits, shown once in its link; the store keeps only its SHA-256. Redeeming it is single-use:
the invite is claimed in one conditional UPDATE, so two tabs pressing Start make one attempt."""

from __future__ import annotations

import csv
import io
import re
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from levelup.attempts.clock import as_utc
from levelup.attempts.service import AttemptService, AttemptView
from levelup.hosted.errors import HostedError, InviteNotFound, InviteNotOpenYet, InviteUnusable
from levelup.hosted.mail import InviteMail, InviteMessage, NoMail
from levelup.hosted.people import server_now, token_hash
from levelup.problems.errors import ProblemError
from levelup.store.models import AssessmentRow, InviteRow, User

EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")
MAX_INVITES_AT_ONCE = 500
MAX_EXAM_MINUTES = 24 * 60


@dataclass(frozen=True)
class AssessmentView:
    id: int
    title: str
    slug: str
    problem_title: str
    minutes: float
    opens_at: datetime | None
    closes_at: datetime | None
    invites: int
    started: int


@dataclass(frozen=True)
class InviteView:
    id: int
    email: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None
    attempt_id: int | None
    reviewer: str | None


@dataclass(frozen=True)
class IssuedInvite:
    """A new invite with its link: the only moment the link exists outside the candidate's mail."""

    email: str
    link: str
    expires_at: datetime
    mail_error: str | None = None  # why mailing this link failed (the link still works; pass it on by hand)


@dataclass(frozen=True)
class InviteOffer:
    """What the start page shows before the candidate presses Start."""

    assessment: str
    problem_title: str
    minutes: float
    level_count: int
    closes_at: datetime | None
    expires_at: datetime


@dataclass(frozen=True)
class Redeemed:
    candidate: User
    attempt: AttemptView


class Assessments:
    def __init__(self, service: AttemptService, mail: InviteMail | None = None) -> None:
        self.service = service  # acts for the admin's catalogue and for each candidate (for_user)
        self.database = service.database
        self.mail = mail or NoMail()

    # -- assessments -------------------------------------------------------------------------
    def create(self, title: str, slug: str, minutes: float, opens_at: datetime | None,
               closes_at: datetime | None, admin_id: int) -> int:
        title = " ".join(title.split())
        if not title or len(title) > 300:
            raise HostedError("give the assessment a title (at most 300 characters)")
        try:
            problem = self.service.catalog.get(slug)
        except ProblemError as exc:
            raise HostedError(f"the catalogue has no problem named {slug!r}: pick one from the list ({exc})") from None
        if not 0 < minutes <= MAX_EXAM_MINUTES:
            raise HostedError(f"exam minutes must be between 1 and {MAX_EXAM_MINUTES}")
        if opens_at and closes_at and closes_at <= opens_at:
            raise HostedError("the window must close after it opens")
        with self.database.session() as session:
            row = AssessmentRow(title=title, problem_slug=problem.slug, minutes=minutes, opens_at=opens_at,
                                closes_at=closes_at, created_by=admin_id, created_at=server_now())
            session.add(row)
            session.flush()
            return row.id

    def all(self) -> list[AssessmentView]:
        with self.database.session() as session:
            rows = session.scalars(select(AssessmentRow).order_by(AssessmentRow.id.desc())).all()
            invites = session.scalars(select(InviteRow)).all()
            return [self._view(row, [i for i in invites if i.assessment_id == row.id]) for row in rows]

    def get(self, assessment_id: int) -> AssessmentView:
        with self.database.session() as session:
            row = session.get(AssessmentRow, assessment_id)
            if row is None:
                raise InviteNotFound(f"there is no assessment {assessment_id}")
            invites = session.scalars(select(InviteRow).where(InviteRow.assessment_id == row.id)).all()
            return self._view(row, list(invites))

    def _view(self, row: AssessmentRow, invites: list[InviteRow]) -> AssessmentView:
        try:
            problem_title = self.service.catalog.get(row.problem_slug).title
        except ProblemError:
            problem_title = row.problem_slug
        return AssessmentView(row.id, row.title, row.problem_slug, problem_title, row.minutes,
                              as_utc(row.opens_at) if row.opens_at else None,
                              as_utc(row.closes_at) if row.closes_at else None,
                              len(invites), sum(i.used_at is not None for i in invites))

    # -- invites -----------------------------------------------------------------------------
    def invite(self, assessment_id: int, emails_text: str, reviewer_id: int | None, days: float,
               link_base: str) -> list[IssuedInvite]:
        """Invite every address in `emails_text` (one or many, separated by commas, semicolons,
        spaces or lines). Returns the links, which are not stored anywhere."""
        emails = parse_emails(emails_text)
        if not 0 < days <= 365:
            raise HostedError("an invite is valid for between 1 minute and 365 days")
        moment = server_now()
        issued: list[IssuedInvite] = []
        with self.database.session() as session:
            assessment = session.get(AssessmentRow, assessment_id)
            if assessment is None:
                raise InviteNotFound(f"there is no assessment {assessment_id}")
            if reviewer_id is not None:
                reviewer = session.get(User, reviewer_id)
                if reviewer is None or reviewer.role not in ("reviewer", "admin"):
                    raise HostedError("the assigned reviewer must be a reviewer or admin account")
            for email in emails:
                token = secrets.token_urlsafe(32)  # 256 bits
                expires = moment + timedelta(days=days)
                session.add(InviteRow(assessment_id=assessment.id, email=email, token_hash=token_hash(token),
                                      created_at=moment, expires_at=expires, reviewer_id=reviewer_id))
                issued.append(IssuedInvite(email, f"{link_base.rstrip('/')}/invite/{token}", expires))
            title, minutes = assessment.title, assessment.minutes
        # after the commit, so a mail never names a link that was rolled back; a failed mail loses no link
        return [self._mailed(invite, title, minutes) for invite in issued]

    def _mailed(self, invite: IssuedInvite, title: str, minutes: float) -> IssuedInvite:
        try:
            self.mail.send(InviteMessage(invite.email, invite.link, title, minutes, invite.expires_at))
        except Exception as exc:  # any sender's failure: the admin still sees the link
            return replace(invite, mail_error=str(exc) or type(exc).__name__)
        return invite

    def invites(self, assessment_id: int) -> list[InviteView]:
        with self.database.session() as session:
            rows = session.scalars(
                select(InviteRow).where(InviteRow.assessment_id == assessment_id).order_by(InviteRow.id)
            ).all()
            names = {u.id: u.name for u in session.scalars(select(User).where(User.role.in_(("admin", "reviewer"))))}
            return [
                InviteView(r.id, r.email, as_utc(r.created_at), as_utc(r.expires_at),
                           as_utc(r.used_at) if r.used_at else None, r.attempt_id,
                           names.get(r.reviewer_id) if r.reviewer_id else None)
                for r in rows
            ]

    # -- redeeming ---------------------------------------------------------------------------
    def offer(self, token: str) -> InviteOffer:
        """What the invite offers, if it can be redeemed now (raises why not)."""
        with self.database.session() as session:
            invite, assessment = self._usable(session, token, server_now())
            problem = self.service.catalog.get(assessment.problem_slug)
            closes = as_utc(assessment.closes_at) if assessment.closes_at else None
            return InviteOffer(assessment.title, problem.title, assessment.minutes, problem.level_count, closes,
                               as_utc(invite.expires_at))

    def redeem(self, token: str, workspaces: Path) -> Redeemed:
        """Claim the invite, make its candidate and start their exam attempt in a workspace under
        `workspaces`. A failed start releases the claim, so the link still works."""
        moment = server_now()
        with self.database.session() as session:
            invite, assessment = self._usable(session, token, moment)
            claimed = session.execute(
                update(InviteRow).where(InviteRow.id == invite.id, InviteRow.used_at.is_(None)).values(used_at=moment)
            )
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                raise InviteUnusable("this invite link was already used; each link starts one attempt")
            invite_id, email = invite.id, invite.email
            slug, minutes = assessment.problem_slug, assessment.minutes
        try:
            with self.database.session() as session:  # a retry after a failed start finds the one made then
                name = f"{email}#{invite_id}"
                candidate = session.scalars(select(User).where(User.name == name)).first() or User(
                    name=name, email=email, role="candidate", created_at=moment
                )
                session.add(candidate)
            folder = workspaces / f"invite-{invite_id}"
            view = self.service.for_user(candidate.name).start(slug, folder, "exam", minutes)
            with self.database.session() as session:
                session.execute(
                    update(InviteRow).where(InviteRow.id == invite_id).values(candidate_id=candidate.id,
                                                                             attempt_id=view.id)
                )
        except BaseException:
            with self.database.session() as session:
                session.execute(update(InviteRow).where(InviteRow.id == invite_id).values(used_at=None))
            raise
        return Redeemed(candidate, view)

    @staticmethod
    def _usable(session: Session, token: str, moment: datetime) -> tuple[InviteRow, AssessmentRow]:
        invite = session.scalars(select(InviteRow).where(InviteRow.token_hash == token_hash(token))).first() \
            if 20 <= len(token) <= 100 else None
        if invite is None:
            raise InviteNotFound("this invite link is not valid; check that it was copied whole")
        assessment = session.get(AssessmentRow, invite.assessment_id)
        assert assessment is not None
        if invite.used_at is not None:
            raise InviteUnusable("this invite link was already used; each link starts one attempt")
        if as_utc(invite.expires_at) <= moment:
            raise InviteUnusable(
                f"this invite link expired on {as_utc(invite.expires_at):%Y-%m-%d %H:%M} UTC; ask for a new one"
            )
        if assessment.archived:
            raise InviteUnusable("this assessment is closed")
        if assessment.opens_at is not None and moment < as_utc(assessment.opens_at):
            raise InviteNotOpenYet(
                f"this assessment opens at {as_utc(assessment.opens_at):%Y-%m-%d %H:%M} UTC; open the link again then"
            )
        if assessment.closes_at is not None and moment >= as_utc(assessment.closes_at):
            raise InviteUnusable(f"this assessment closed at {as_utc(assessment.closes_at):%Y-%m-%d %H:%M} UTC")
        return invite, assessment

    def attempt_of(self, candidate_id: int) -> int | None:
        with self.database.session() as session:
            return session.scalars(select(InviteRow.attempt_id).where(InviteRow.candidate_id == candidate_id)).first()


def parse_emails(text: str) -> list[str]:
    found = [part.strip().strip("<>") for part in re.split(r"[\s,;]+", text) if part.strip()]
    if not found:
        raise HostedError("paste at least one email address")
    if len(found) > MAX_INVITES_AT_ONCE:
        raise HostedError(f"at most {MAX_INVITES_AT_ONCE} invites at once")
    bad = [email for email in found if not EMAIL.match(email) or len(email) > 320]
    if bad:
        raise HostedError(f"not an email address: {', '.join(bad[:5])}")
    return list(dict.fromkeys(found))  # a pasted duplicate is invited once


def invites_csv(invites: list[IssuedInvite]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["email", "link", "expires_at"])
    for invite in invites:
        writer.writerow([invite.email, invite.link, invite.expires_at.isoformat(timespec="seconds")])
    return buffer.getvalue()
