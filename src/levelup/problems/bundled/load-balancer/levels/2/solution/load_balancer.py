STRATEGIES = ("round_robin", "weighted")


class LoadBalancer:
    """Spreads requests over a pool of servers."""

    def __init__(self) -> None:
        self._servers: list[str] = []  # pool order: the order servers were added
        self._weights: dict[str, int] = {}
        self._counts: dict[str, int] = {}  # requests routed since the server was added
        self._strategy = "round_robin"
        self._next = 0  # round robin: index in _servers of the next server
        self._current: dict[str, int] = {}  # weighted: current weight of each server

    def add_server(self, server_id: str, weight: int = 1) -> bool:
        if weight < 1:
            raise ValueError(f"weight must be at least 1, got {weight}")
        if server_id in self._weights:
            return False
        self._servers.append(server_id)
        self._weights[server_id] = weight
        self._counts[server_id] = 0
        self._current[server_id] = 0
        return True

    def remove_server(self, server_id: str) -> bool:
        if server_id not in self._weights:
            return False
        index = self._servers.index(server_id)
        del self._servers[index]
        del self._weights[server_id]
        del self._counts[server_id]
        del self._current[server_id]
        # Keep _next on the same server; if the next server itself left, the one after it
        # slid into its index.
        if index < self._next:
            self._next -= 1
        if self._next >= len(self._servers):
            self._next = 0
        return True

    def set_strategy(self, strategy: str) -> None:
        if strategy not in STRATEGIES:
            raise ValueError(f"unknown strategy {strategy!r}")
        self._strategy = strategy
        self._next = 0
        self._current = dict.fromkeys(self._servers, 0)

    def route(self, request_id: str) -> str | None:
        if not self._servers:
            return None
        pick = self._round_robin if self._strategy == "round_robin" else self._smooth_weighted
        server_id = pick()
        self._counts[server_id] += 1
        return server_id

    def _round_robin(self) -> str:
        server_id = self._servers[self._next]
        self._next = (self._next + 1) % len(self._servers)
        return server_id

    def _smooth_weighted(self) -> str:
        best = None
        for server_id in self._servers:
            self._current[server_id] += self._weights[server_id]
            # Strictly greater, so ties go to the server earliest in pool order.
            if best is None or self._current[server_id] > self._current[best]:
                best = server_id
        self._current[best] -= sum(self._weights.values())
        return best

    def request_counts(self) -> list[tuple[str, int]]:
        return sorted(self._counts.items(), key=lambda item: (-item[1], item[0]))
