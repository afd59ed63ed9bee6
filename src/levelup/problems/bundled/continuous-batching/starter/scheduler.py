"""Continuous-batching scheduler: fill in the methods described in SPEC.md."""


class Scheduler:
    def __init__(self, token_budget: int) -> None:
        """Create an empty scheduler that processes at most `token_budget` tokens per step."""

    def add_request(self, request_id: str, prompt_tokens: int, max_new_tokens: int) -> bool:
        """Queue a request; False if the id is already known."""
        raise NotImplementedError

    def step(self) -> dict:
        """Run one iteration: decode the running requests, then admit waiting ones."""
        raise NotImplementedError

    def status(self, request_id: str) -> dict:
        """The request's state and how many tokens it has generated."""
        raise NotImplementedError
