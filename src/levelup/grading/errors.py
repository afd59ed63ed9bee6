"""Errors of the grading machinery itself (kept import-light: every CLI command handles them)."""


class GradingError(Exception):
    """The check could not be run at all (a setup or package problem, not the candidate's fault)."""


class SandboxUnavailable(Exception):
    """A required confinement layer is missing (exam mode refuses to grade without it)."""


class GradingFault(GradingError):
    """levelup itself failed while grading: the worker could not be started, or ended before it
    reached the candidate's code, or levelup hit an internal error. Never the candidate's fault,
    so never stored as a check; the check was already retried once."""

    def __init__(self, cause: str) -> None:
        super().__init__(f"levelup could not grade this check: {cause}")
        self.cause = cause
