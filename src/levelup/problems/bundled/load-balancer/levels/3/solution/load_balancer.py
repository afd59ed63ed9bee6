from dataclasses import dataclass


@dataclass(eq=False)  # compared by identity: a re-added server is a new server
class _Server:
    id: str
    weight: int
    requests: int = 0  # routed since the server was added
    connections: int = 0  # open requests


class _RoundRobin:
    def __init__(self) -> None:
        self._next = 0  # index in the pool of the server that gets the next request

    def pick(self, pool: list[_Server]) -> _Server:
        server = pool[self._next]
        self._next = (self._next + 1) % len(pool)
        return server

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

    def pick(self, pool: list[_Server]) -> _Server:
        best = None
        for server in pool:
            self._current[server] = self._current.get(server, 0) + server.weight
            # Strictly greater, so ties go to the server earliest in pool order.
            if best is None or self._current[server] > self._current[best]:
                best = server
        self._current[best] -= sum(server.weight for server in pool)
        return best

    def removed(self, index: int, server: _Server, pool_size: int) -> None:
        self._current.pop(server, None)


class _LeastConnections:
    def pick(self, pool: list[_Server]) -> _Server:
        return min(pool, key=lambda server: server.connections)  # min keeps the first tie

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
        index = self._pool.index(server)
        del self._pool[index]
        self._strategy.removed(index, server, len(self._pool))
        # Requests still open on the server are closed with it.
        self._open = {rid: s for rid, s in self._open.items() if s is not server}
        return True

    def set_strategy(self, strategy: str) -> None:
        if strategy not in STRATEGIES:
            raise ValueError(f"unknown strategy {strategy!r}")
        self._strategy = STRATEGIES[strategy]()

    def route(self, request_id: str) -> str | None:
        if request_id in self._open:
            raise ValueError(f"request {request_id!r} is still open")
        if not self._pool:
            return None
        server = self._strategy.pick(self._pool)
        server.requests += 1
        server.connections += 1
        self._open[request_id] = server
        return server.id

    def finish(self, request_id: str) -> bool:
        server = self._open.pop(request_id, None)
        if server is None:
            return False
        server.connections -= 1
        return True

    def open_connections(self, server_id: str) -> int | None:
        server = self._find(server_id)
        return None if server is None else server.connections

    def request_counts(self) -> list[tuple[str, int]]:
        counts = [(server.id, server.requests) for server in self._pool]
        return sorted(counts, key=lambda item: (-item[1], item[0]))
