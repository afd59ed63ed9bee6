"""The hand-off's errors (import-light: every command's error handling knows them)."""


class HandedOffError(Exception):
    """An error the daemon met while checking, which the user can act on (a folder that is not a
    workspace, a paused attempt, a missing sandbox in exam mode...): the same message the check
    would have given in the shell's own process."""


class DaemonUnavailable(Exception):
    """The daemon cannot be used (none runs, its socket is stale, its folder is not private)."""
