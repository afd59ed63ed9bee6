"""Errors of the attempt workflow."""


class AttemptError(Exception):
    """Something the user asked for cannot be done; the message says what to do instead."""
