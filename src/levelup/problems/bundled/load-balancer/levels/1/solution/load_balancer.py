class LoadBalancer:
    """Spreads requests over a pool of servers."""

    def __init__(self) -> None:
        self._servers: list[str] = []  # pool order: the order servers were added
        self._next = 0  # index in _servers of the server that gets the next request

    def add_server(self, server_id: str) -> bool:
        if server_id in self._servers:
            return False
        self._servers.append(server_id)
        return True

    def remove_server(self, server_id: str) -> bool:
        if server_id not in self._servers:
            return False
        index = self._servers.index(server_id)
        del self._servers[index]
        # Keep _next on the same server; if the next server itself left, the one after it
        # slid into its index.
        if index < self._next:
            self._next -= 1
        if self._next >= len(self._servers):
            self._next = 0
        return True

    def route(self, request_id: str) -> str | None:
        if not self._servers:
            return None
        server_id = self._servers[self._next]
        self._next = (self._next + 1) % len(self._servers)
        return server_id
