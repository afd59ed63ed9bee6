"""Continuous batching with a paged KV cache and preemption by recomputation."""

import bisect
import heapq


class Scheduler:
    def __init__(self, token_budget: int, num_blocks: int = 1024, block_size: int = 16) -> None:
        if token_budget < 1 or num_blocks < 1 or block_size < 1:
            raise ValueError("token_budget, num_blocks and block_size must be at least 1")
        self.token_budget = token_budget
        self.num_blocks = num_blocks
        self.block_size = block_size
        self.free = list(range(num_blocks))  # a heap: the lowest-numbered free block goes first
        self.requests: dict[str, dict] = {}
        self.waiting: list[tuple[int, str]] = []  # (arrival, id), kept sorted by arrival
        self.running: list[str] = []  # in admission order
        self.totals = {"steps": 0, "preemptions": 0, "recomputed_tokens": 0}

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
        arrival = len(self.requests)
        self.requests[request_id] = {
            "prompt": prompt_tokens,
            "max_new": max_new_tokens,
            "state": "waiting",
            "generated": 0,
            "blocks": [],
            "arrival": arrival,
            "preemptions": 0,
        }
        self.waiting.append((arrival, request_id))
        return True

    def status(self, request_id: str) -> dict:
        request = self.requests[request_id]
        return {
            "state": request["state"],
            "generated": request["generated"],
            "preemptions": request["preemptions"],
        }

    def block_table(self, request_id: str) -> list[int]:
        return list(self.requests[request_id]["blocks"])

    def memory_stats(self) -> dict:
        used_blocks = self.num_blocks - len(self.free)
        used_slots = sum(self.length(r) for r in self.running)
        return {
            "free_blocks": len(self.free),
            "used_blocks": used_blocks,
            "used_slots": used_slots,
            "wasted_slots": used_blocks * self.block_size - used_slots,
        }

    def stats(self) -> dict:
        return dict(self.totals)

    def length(self, request_id: str) -> int:
        return self.requests[request_id]["prompt"] + self.requests[request_id]["generated"]

    def _release(self, request_id: str) -> None:
        self.running.remove(request_id)
        for block in self.requests[request_id]["blocks"]:
            heapq.heappush(self.free, block)
        self.requests[request_id]["blocks"] = []

    def _preempt(self, request_id: str) -> None:
        request = self.requests[request_id]
        self._release(request_id)
        request["state"] = "waiting"
        request["preemptions"] += 1
        self.totals["preemptions"] += 1
        bisect.insort(self.waiting, (request["arrival"], request_id))

    def _generate(self, request_id: str, finished: list[str]) -> None:
        request = self.requests[request_id]
        request["generated"] += 1
        if request["generated"] == request["max_new"]:
            request["state"] = "finished"
            finished.append(request_id)
            self._release(request_id)

    def _decode(self, finished: list[str], preempted: list[str]) -> list[str]:
        decoded: list[str] = []
        for request_id in list(self.running):
            if request_id in preempted:
                continue
            needs_block = self.length(request_id) % self.block_size == 0
            while needs_block and not self.free and request_id not in preempted:
                victim = self.running[-1]  # the most recently admitted request
                self._preempt(victim)
                preempted.append(victim)
            if request_id not in preempted:
                if needs_block:
                    self.requests[request_id]["blocks"].append(heapq.heappop(self.free))
                self._generate(request_id, finished)
                decoded.append(request_id)
        return decoded

    def step(self) -> dict:
        self.totals["steps"] += 1
        finished: list[str] = []
        preempted: list[str] = []
        decoded = self._decode(finished, preempted)
        budget = self.token_budget - len(decoded)
        prefilled: list[str] = []
        while self.waiting:
            request_id = self.waiting[0][1]
            tokens = self.length(request_id)
            needed = self.blocks_for(tokens + 1)  # the recomputed tokens and the next new one
            if request_id in preempted or tokens > budget or needed > len(self.free):
                break
            self.waiting.pop(0)
            request = self.requests[request_id]
            budget -= tokens
            self.totals["recomputed_tokens"] += request["generated"]
            request["blocks"] = [heapq.heappop(self.free) for _ in range(needed)]
            request["state"] = "running"
            self.running.append(request_id)
            prefilled.append(request_id)
            self._generate(request_id, finished)
        return {
            "prefill": prefilled,
            "decode": decoded,
            "preempted": preempted,
            "finished": finished,
            "tokens": self.token_budget - budget,
        }
