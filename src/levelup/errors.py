"""The domain errors a user can act on, gathered for the faces: each face turns them into its own
answer (the CLI's one-paragraph message and exit status 2, the browser app's 400 page or JSON)."""

from __future__ import annotations

from levelup.attempts.clock import ClockError
from levelup.attempts.errors import AttemptError
from levelup.attempts.workspace import WorkspaceError
from levelup.daemon.errors import HandedOffError
from levelup.grading.errors import GradingError, SandboxUnavailable
from levelup.hosted.errors import HostedError
from levelup.problems.errors import ProblemError
from levelup.rounds.errors import MarkError, QuestionError
from levelup.store.errors import StoreError

DOMAIN_ERRORS: tuple[type[Exception], ...] = (
    AttemptError,
    ClockError,
    GradingError,
    HandedOffError,
    HostedError,
    ProblemError,
    QuestionError,
    MarkError,
    SandboxUnavailable,
    StoreError,
    WorkspaceError,
)
