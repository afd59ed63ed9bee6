"""Errors of hosted mode's set-up (kept import-light: every CLI command handles them)."""


class HostedError(Exception):
    """Hosted mode cannot run as configured (a broker or database out of reach, a fake clock set)."""
