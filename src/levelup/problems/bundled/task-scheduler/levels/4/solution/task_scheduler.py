"""Task scheduler, level 4: one-off jobs plus recurring jobs on an explicit timeline."""

import heapq
from collections import deque

PENDING = "pending"
DONE = "done"
CANCELLED = "cancelled"
RECURRING = "recurring"


class TaskScheduler:
    def __init__(self) -> None:
        self._priority: dict[str, int] = {}
        self._status: dict[str, str] = {}
        self._depends_on: dict[str, set[str]] = {}  # job -> jobs it waits for
        self._dependents: dict[str, set[str]] = {}  # job -> jobs waiting for it
        self._interval: dict[str, int] = {}  # recurring job -> interval
        self._next_due: dict[str, int] = {}  # recurring job -> due time of its next occurrence

    def _rank(self, job_id: str) -> tuple[int, str]:
        # Sort key for priority order: higher priority first, then the smaller id.
        return (-self._priority[job_id], job_id)

    def _pending_ids(self) -> list[str]:
        return [job_id for job_id, state in self._status.items() if state == PENDING]

    def _is_ready(self, job_id: str) -> bool:
        return all(self._status[dep] == DONE for dep in self._depends_on[job_id])

    def _require_known(self, *job_ids: str) -> None:
        for job_id in job_ids:
            if job_id not in self._status:
                raise KeyError(job_id)

    def _check_new_dependencies(self, deps: set[str]) -> None:
        unknown = deps - self._status.keys()
        if unknown:
            raise KeyError(f"unknown dependencies: {sorted(unknown)}")
        if any(self._status[dep] in (CANCELLED, RECURRING) for dep in deps):
            raise ValueError("cannot depend on a cancelled or recurring job")

    def _register(self, job_id: str, priority: int, state: str, deps: set[str]) -> None:
        self._priority[job_id] = priority
        self._status[job_id] = state
        self._depends_on[job_id] = set()
        self._dependents[job_id] = set()
        for dep in deps:
            self._link(job_id, dep)

    def _link(self, job_id: str, dependency_id: str) -> None:
        self._depends_on[job_id].add(dependency_id)
        self._dependents[dependency_id].add(job_id)

    def add_job(self, job_id: str, priority: int, depends_on: list[str] | None = None) -> bool:
        if job_id in self._status:
            return False
        deps = set(depends_on or [])
        self._check_new_dependencies(deps)
        self._register(job_id, priority, PENDING, deps)
        return True

    def add_recurring(self, job_id: str, priority: int, interval: int, start: int,
                      depends_on: list[str] | None = None) -> bool:
        if job_id in self._status:
            return False
        deps = set(depends_on or [])
        self._check_new_dependencies(deps)
        if interval < 1:
            raise ValueError("interval must be at least 1")
        self._register(job_id, priority, RECURRING, deps)
        self._interval[job_id] = interval
        self._next_due[job_id] = start
        return True

    def run_due(self, timestamp: int) -> list[str]:
        runs: list[tuple[int, int, str]] = []
        for job_id, interval in self._interval.items():
            if self._status[job_id] != RECURRING or not self._is_ready(job_id):
                continue
            while self._next_due[job_id] <= timestamp:
                runs.append((self._next_due[job_id], -self._priority[job_id], job_id))
                self._next_due[job_id] += interval
        runs.sort()
        return [f"{job_id}@{due}" for due, _, job_id in runs]

    def add_dependency(self, job_id: str, dependency_id: str) -> list[str] | None:
        self._require_known(job_id, dependency_id)
        if self._status[job_id] not in (PENDING, RECURRING):
            raise ValueError(f"{job_id!r} is neither pending nor recurring")
        if self._status[dependency_id] in (CANCELLED, RECURRING):
            raise ValueError(f"{dependency_id!r} is cancelled or recurring")
        path = self._shortest_path(dependency_id, job_id)
        if path is not None:
            return [job_id, *path]
        self._link(job_id, dependency_id)
        return None

    def _shortest_path(self, start: str, goal: str) -> list[str] | None:
        """Dependency path from start to goal: the shortest, and the smallest among those."""
        # Breadth-first search that expands dependencies in ascending id order reaches every
        # job first along its lexicographically smallest shortest path.
        parent: dict[str, str] = {}
        seen = {start}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            if node == goal:
                path = [goal]
                while path[-1] != start:
                    path.append(parent[path[-1]])
                return path[::-1]
            for dep in sorted(self._depends_on[node]):
                if dep not in seen:
                    seen.add(dep)
                    parent[dep] = node
                    queue.append(dep)
        return None

    def cancel(self, job_id: str) -> list[str]:
        self._require_known(job_id)
        if self._status[job_id] not in (PENDING, RECURRING):
            return []
        cancelled = {job_id}
        stack = [job_id]
        while stack:
            for child in self._dependents[stack.pop()]:
                if child not in cancelled and self._status[child] in (PENDING, RECURRING):
                    cancelled.add(child)
                    stack.append(child)
        for cancelled_id in cancelled:
            self._status[cancelled_id] = CANCELLED
        return sorted(cancelled)

    def run_next(self) -> str | None:
        ready = [job_id for job_id in self._pending_ids() if self._is_ready(job_id)]
        if not ready:
            return None
        job_id = min(ready, key=self._rank)
        self._status[job_id] = DONE
        return job_id

    def execution_order(self) -> list[str]:
        # Kahn's algorithm; the heap makes every step take the first ready job in priority order.
        unmet = {
            job_id: sum(self._status[dep] != DONE for dep in self._depends_on[job_id])
            for job_id in self._pending_ids()
        }
        heap = [self._rank(job_id) for job_id, count in unmet.items() if count == 0]
        heapq.heapify(heap)
        order = []
        while heap:
            _, job_id = heapq.heappop(heap)
            order.append(job_id)
            for child in self._dependents[job_id]:
                if child in unmet:  # skips cancelled and recurring dependents
                    unmet[child] -= 1
                    if unmet[child] == 0:
                        heapq.heappush(heap, self._rank(child))
        return order

    def pending(self) -> list[str]:
        return sorted(self._pending_ids(), key=self._rank)

    def status(self, job_id: str) -> str | None:
        return self._status.get(job_id)
