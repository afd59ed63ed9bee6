"""Continuous batching: first-come-first-served admission under a per-step token budget."""

from collections import deque


class Scheduler:
    def __init__(self, token_budget: int) -> None:
        if token_budget < 1:
            raise ValueError("token_budget must be at least 1")
        self.token_budget = token_budget
        self.requests: dict[str, dict] = {}
        self.waiting: deque[str] = deque()
        self.running: list[str] = []  # in admission order

    def add_request(self, request_id: str, prompt_tokens: int, max_new_tokens: int) -> bool:
        if prompt_tokens < 1 or max_new_tokens < 1:
            raise ValueError("prompt_tokens and max_new_tokens must be at least 1")
        if prompt_tokens + max_new_tokens > self.token_budget:
            raise ValueError("the request is longer than the token budget")
        if request_id in self.requests:
            return False
        self.requests[request_id] = {
            "prompt": prompt_tokens,
            "max_new": max_new_tokens,
            "state": "waiting",
            "generated": 0,
        }
        self.waiting.append(request_id)
        return True

    def status(self, request_id: str) -> dict:
        request = self.requests[request_id]
        return {"state": request["state"], "generated": request["generated"]}

    def step(self) -> dict:
        # Pick the batch first (every running request, then the waiting ones that fit), then run it.
        decoded = list(self.running)
        budget = self.token_budget - len(decoded)
        prefilled: list[str] = []
        while self.waiting and self.requests[self.waiting[0]]["prompt"] <= budget:
            budget -= self.requests[self.waiting[0]]["prompt"]
            prefilled.append(self.waiting.popleft())
        batch = decoded + prefilled  # decoders finish before prefills in the "finished" list
        for request_id in batch:
            request = self.requests[request_id]
            request["generated"] += 1
            request["state"] = "finished" if request["generated"] == request["max_new"] else "running"
        finished = [r for r in batch if self.requests[r]["state"] == "finished"]
        self.running = [r for r in batch if r not in finished]
        return {
            "prefill": prefilled,
            "decode": decoded,
            "finished": finished,
            "tokens": self.token_budget - budget,
        }
