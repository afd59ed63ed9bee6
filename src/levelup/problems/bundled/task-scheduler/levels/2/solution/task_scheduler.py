"""Task scheduler, level 2: jobs wait for their dependencies."""

import heapq

PENDING = "pending"
DONE = "done"


class TaskScheduler:
    def __init__(self) -> None:
        self._priority: dict[str, int] = {}
        self._status: dict[str, str] = {}
        self._depends_on: dict[str, set[str]] = {}

    def _rank(self, job_id: str) -> tuple[int, str]:
        # Sort key for priority order: higher priority first, then the smaller id.
        return (-self._priority[job_id], job_id)

    def _pending_ids(self) -> list[str]:
        return [job_id for job_id, state in self._status.items() if state == PENDING]

    def _is_ready(self, job_id: str) -> bool:
        return all(self._status[dep] == DONE for dep in self._depends_on[job_id])

    def add_job(self, job_id: str, priority: int, depends_on: list[str] | None = None) -> bool:
        if job_id in self._status:
            return False
        deps = set(depends_on or [])
        unknown = deps - self._status.keys()
        if unknown:
            raise KeyError(f"unknown dependencies: {sorted(unknown)}")
        self._priority[job_id] = priority
        self._status[job_id] = PENDING
        self._depends_on[job_id] = deps
        return True

    def run_next(self) -> str | None:
        ready = [job_id for job_id in self._pending_ids() if self._is_ready(job_id)]
        if not ready:
            return None
        job_id = min(ready, key=self._rank)
        self._status[job_id] = DONE
        return job_id

    def execution_order(self) -> list[str]:
        # Kahn's algorithm; the heap makes every step take the first ready job in priority order.
        waiting_on = {
            job_id: {dep for dep in self._depends_on[job_id] if self._status[dep] != DONE}
            for job_id in self._pending_ids()
        }
        dependents: dict[str, list[str]] = {job_id: [] for job_id in waiting_on}
        for job_id, deps in waiting_on.items():
            for dep in deps:
                dependents[dep].append(job_id)
        heap = [self._rank(job_id) for job_id, deps in waiting_on.items() if not deps]
        heapq.heapify(heap)
        order = []
        while heap:
            _, job_id = heapq.heappop(heap)
            order.append(job_id)
            for child in dependents[job_id]:
                waiting_on[child].discard(job_id)
                if not waiting_on[child]:
                    heapq.heappush(heap, self._rank(child))
        return order

    def pending(self) -> list[str]:
        return sorted(self._pending_ids(), key=self._rank)

    def status(self, job_id: str) -> str | None:
        return self._status.get(job_id)
