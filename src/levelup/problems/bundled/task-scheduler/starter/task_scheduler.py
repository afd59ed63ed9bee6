"""Task scheduler. SPEC.md describes what each level asks for."""


class TaskScheduler:
    def __init__(self) -> None:
        """Create an empty scheduler."""

    def add_job(self, job_id: str, priority: int) -> bool:
        """Add a pending job; return False if job_id was already used."""
        raise NotImplementedError

    def run_next(self) -> str | None:
        """Run the first pending job in priority order and return its id, or None."""
        raise NotImplementedError

    def pending(self) -> list[str]:
        """Return the ids of all pending jobs in priority order."""
        raise NotImplementedError

    def status(self, job_id: str) -> str | None:
        """Return "pending" or "done" for a known job, None for an unknown id."""
        raise NotImplementedError
