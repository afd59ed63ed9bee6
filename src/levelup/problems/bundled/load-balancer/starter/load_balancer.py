class LoadBalancer:
    """Spreads requests over a pool of servers."""

    def __init__(self) -> None:
        """Create a load balancer with no servers."""

    def add_server(self, server_id: str) -> bool:
        """Add a server to the pool; return False if it is already there."""
        raise NotImplementedError

    def remove_server(self, server_id: str) -> bool:
        """Remove a server from the pool; return whether it was there."""
        raise NotImplementedError

    def route(self, request_id: str) -> str | None:
        """Return the id of the server that handles the request, or None if there is none."""
        raise NotImplementedError
