"""Errors of the other rounds, kept light: every command imports them to report them."""


class QuestionError(Exception):
    """A question file is malformed or a question (or answer) cannot be found."""


class MarkError(ValueError):
    """A self-review's marks do not fit the rubric."""
