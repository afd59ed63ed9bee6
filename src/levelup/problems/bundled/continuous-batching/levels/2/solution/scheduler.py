"""Continuous batching with a paged KV cache: fixed-size blocks allocated as requests grow."""

import heapq
from collections import deque


class Scheduler:
    def __init__(self, token_budget: int, num_blocks: int = 1024, block_size: int = 16) -> None:
        if token_budget < 1 or num_blocks < 1 or block_size < 1:
            raise ValueError("token_budget, num_blocks and block_size must be at least 1")
        self.token_budget = token_budget
        self.num_blocks = num_blocks
        self.block_size = block_size
        self.free = list(range(num_blocks))  # a heap: the lowest-numbered free block goes first
        self.requests: dict[str, dict] = {}
        self.waiting: deque[str] = deque()
        self.running: list[str] = []  # in admission order

    def blocks_for(self, tokens: int) -> int:
        return -(-tokens // self.block_size)

    def add_request(self, request_id: str, prompt_tokens: int, max_new_tokens: int) -> bool:
        if prompt_tokens < 1 or max_new_tokens < 1:
            raise ValueError("prompt_tokens and max_new_tokens must be at least 1")
        if prompt_tokens + max_new_tokens > self.token_budget:
            raise ValueError("the request is longer than the token budget")
        if self.blocks_for(prompt_tokens + max_new_tokens) > self.num_blocks:
            raise ValueError("the request needs more blocks than the cache has")
        if request_id in self.requests:
            return False
        self.requests[request_id] = {
            "prompt": prompt_tokens,
            "max_new": max_new_tokens,
            "state": "waiting",
            "generated": 0,
            "blocks": [],
        }
        self.waiting.append(request_id)
        return True

    def status(self, request_id: str) -> dict:
        request = self.requests[request_id]
        return {"state": request["state"], "generated": request["generated"]}

    def block_table(self, request_id: str) -> list[int]:
        return list(self.requests[request_id]["blocks"])

    def memory_stats(self) -> dict:
        used_blocks = self.num_blocks - len(self.free)
        used_slots = sum(self.requests[r]["prompt"] + self.requests[r]["generated"] for r in self.running)
        return {
            "free_blocks": len(self.free),
            "used_blocks": used_blocks,
            "used_slots": used_slots,
            "wasted_slots": used_blocks * self.block_size - used_slots,
        }

    def _generate(self, request_id: str, finished: list[str]) -> None:
        request = self.requests[request_id]
        request["generated"] += 1
        if request["generated"] == request["max_new"]:
            request["state"] = "finished"
            finished.append(request_id)
            self.running.remove(request_id)
            for block in request["blocks"]:
                heapq.heappush(self.free, block)
            request["blocks"] = []

    def step(self) -> dict:
        decoded = list(self.running)
        finished: list[str] = []
        for request_id in decoded:
            request = self.requests[request_id]
            if (request["prompt"] + request["generated"]) % self.block_size == 0:  # its blocks are full
                request["blocks"].append(heapq.heappop(self.free))
            self._generate(request_id, finished)
        budget = self.token_budget - len(decoded)
        prefilled: list[str] = []
        while self.waiting:
            request = self.requests[self.waiting[0]]
            needed = self.blocks_for(request["prompt"] + 1)  # the prompt and the first new token
            if request["prompt"] > budget or needed > len(self.free):
                break
            request_id = self.waiting.popleft()
            budget -= request["prompt"]
            request["blocks"] = [heapq.heappop(self.free) for _ in range(needed)]
            request["state"] = "running"
            self.running.append(request_id)
            prefilled.append(request_id)
            self._generate(request_id, finished)
        return {
            "prefill": prefilled,
            "decode": decoded,
            "finished": finished,
            "tokens": self.token_budget - budget,
        }
