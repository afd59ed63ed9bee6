"""Task scheduler, level 1: jobs run one at a time, highest priority first."""

PENDING = "pending"
DONE = "done"


class TaskScheduler:
    def __init__(self) -> None:
        self._priority: dict[str, int] = {}
        self._status: dict[str, str] = {}

    def _rank(self, job_id: str) -> tuple[int, str]:
        # Sort key for priority order: higher priority first, then the smaller id.
        return (-self._priority[job_id], job_id)

    def add_job(self, job_id: str, priority: int) -> bool:
        if job_id in self._status:
            return False
        self._priority[job_id] = priority
        self._status[job_id] = PENDING
        return True

    def run_next(self) -> str | None:
        queue = self.pending()
        if not queue:
            return None
        self._status[queue[0]] = DONE
        return queue[0]

    def pending(self) -> list[str]:
        waiting = [job_id for job_id, state in self._status.items() if state == PENDING]
        return sorted(waiting, key=self._rank)

    def status(self, job_id: str) -> str | None:
        return self._status.get(job_id)
