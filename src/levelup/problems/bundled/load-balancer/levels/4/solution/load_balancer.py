from dataclasses import dataclass

FAILURES_TO_BE_UNHEALTHY = 3
SESSION_TTL = 60  # seconds


@dataclass(eq=False)  # compared by identity: a re-added server is a new server
class _Server:
    id: str
    weight: int
    requests: int = 0  # routed since the server was added
    connections: int = 0  # open requests
    failed_checks: int = 0  # consecutive failed health checks
    draining: bool = False

    @property
    def eligible(self) -> bool:
        return self.failed_checks < FAILURES_TO_BE_UNHEALTHY and not self.draining


class _RoundRobin:
    def __init__(self) -> None:
        self._next = 0  # index in the pool of the server whose turn it is

    def pick(self, pool: list[_Server]) -> _Server | None:
        for step in range(len(pool)):
            index = (self._next + step) % len(pool)
            if pool[index].eligible:
                self._next = (index + 1) % len(pool)
                return pool[index]
        return None

    def removed(self, index: int, server: _Server, pool_size: int) -> None:
        # Keep _next on the same server; if the next server itself left, the one after it
        # slid into its index.
        if index < self._next:
            self._next -= 1
        if self._next >= pool_size:
            self._next = 0


class _SmoothWeighted:
    def __init__(self) -> None:
        self._current: dict[_Server, int] = {}  # servers not in here are at 0

    def pick(self, pool: list[_Server]) -> _Server | None:
        eligible = [server for server in pool if server.eligible]
        best = None
        for server in eligible:
            self._current[server] = self._current.get(server, 0) + server.weight
            # Strictly greater, so ties go to the server earliest in pool order.
            if best is None or self._current[server] > self._current[best]:
                best = server
        if best is not None:
            self._current[best] -= sum(server.weight for server in eligible)
        return best

    def removed(self, index: int, server: _Server, pool_size: int) -> None:
        self._current.pop(server, None)


class _LeastConnections:
    def pick(self, pool: list[_Server]) -> _Server | None:
        eligible = [server for server in pool if server.eligible]
        # min keeps the first of several ties, i.e. the earliest in pool order.
        return min(eligible, key=lambda server: server.connections, default=None)

    def removed(self, index: int, server: _Server, pool_size: int) -> None:
        pass


STRATEGIES = {
    "round_robin": _RoundRobin,
    "weighted": _SmoothWeighted,
    "least_connections": _LeastConnections,
}


class LoadBalancer:
    """Spreads requests over a pool of servers."""

    def __init__(self) -> None:
        self._pool: list[_Server] = []  # pool order: the order servers were added
        self._strategy: _RoundRobin | _SmoothWeighted | _LeastConnections = _RoundRobin()
        self._open: dict[str, _Server] = {}  # open request id -> its server
        self._sessions: dict[str, tuple[str, int]] = {}  # session -> (server id, expires at)
        self._now = 0  # largest timestamp seen so far

    def _find(self, server_id: str) -> _Server | None:
        return next((server for server in self._pool if server.id == server_id), None)

    def add_server(self, server_id: str, weight: int = 1) -> bool:
        if weight < 1:
            raise ValueError(f"weight must be at least 1, got {weight}")
        if self._find(server_id) is not None:
            return False
        self._pool.append(_Server(server_id, weight))
        return True

    def remove_server(self, server_id: str) -> bool:
        server = self._find(server_id)
        if server is None:
            return False
        self._remove(server)
        return True

    def _remove(self, server: _Server) -> None:
        index = self._pool.index(server)
        del self._pool[index]
        self._strategy.removed(index, server, len(self._pool))
        # Requests still open on the server are closed with it.
        self._open = {rid: s for rid, s in self._open.items() if s is not server}

    def set_strategy(self, strategy: str) -> None:
        if strategy not in STRATEGIES:
            raise ValueError(f"unknown strategy {strategy!r}")
        self._strategy = STRATEGIES[strategy]()

    def route(
        self, request_id: str, session_id: str | None = None, timestamp: int | None = None
    ) -> str | None:
        if request_id in self._open:
            raise ValueError(f"request {request_id!r} is still open")
        if timestamp is not None:
            self._now = max(self._now, timestamp)
        server = self._sticky_server(session_id) or self._strategy.pick(self._pool)
        if server is None:
            return None
        if session_id is not None:
            self._sessions[session_id] = (server.id, self._now + SESSION_TTL)
        server.requests += 1
        server.connections += 1
        self._open[request_id] = server
        return server.id

    def _sticky_server(self, session_id: str | None) -> _Server | None:
        if session_id not in self._sessions:
            return None
        server_id, expires_at = self._sessions[session_id]
        server = self._find(server_id)
        if self._now >= expires_at or server is None or not server.eligible:
            return None
        return server

    def finish(self, request_id: str) -> bool:
        server = self._open.pop(request_id, None)
        if server is None:
            return False
        server.connections -= 1
        if server.draining and server.connections == 0:
            self._remove(server)
        return True

    def open_connections(self, server_id: str) -> int | None:
        server = self._find(server_id)
        return None if server is None else server.connections

    def request_counts(self) -> list[tuple[str, int]]:
        counts = [(server.id, server.requests) for server in self._pool]
        return sorted(counts, key=lambda item: (-item[1], item[0]))

    def report_health(self, server_id: str, healthy: bool, timestamp: int) -> bool:
        self._now = max(self._now, timestamp)
        server = self._find(server_id)
        if server is None:
            return False
        server.failed_checks = 0 if healthy else server.failed_checks + 1
        return True

    def drain(self, server_id: str) -> bool:
        server = self._find(server_id)
        if server is None or server.draining:
            return False
        server.draining = True
        if server.connections == 0:
            self._remove(server)
        return True
