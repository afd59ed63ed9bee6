"""Errors of the grading machinery itself (kept import-light: every CLI command handles them)."""


class GradingError(Exception):
    """The check could not be run at all (a setup or package problem, not the candidate's fault)."""


class SandboxUnavailable(Exception):
    """A required confinement layer is missing (exam mode refuses to grade without it)."""
