"""Sharded checkpoints: every tensor is split along axis 0 across the ranks."""

import numpy as np


class CheckpointManager:
    def __init__(self, world_size: int) -> None:
        if world_size < 1:
            raise ValueError("world_size must be at least 1")
        self.world_size = world_size
        self.checkpoints: dict[int, list[dict[str, np.ndarray]]] = {}  # step -> one shard per rank

    def shard(self, tensors: dict[str, np.ndarray], rank: int) -> dict[str, np.ndarray]:
        pieces = {}
        for name, array in tensors.items():
            if array.ndim == 0:
                if rank == 0:
                    pieces[name] = array.copy()
            else:
                pieces[name] = np.array_split(array, self.world_size)[rank].copy()
        return pieces

    def save(self, step: int, tensors: dict[str, np.ndarray]) -> None:
        if step < 0 or not tensors:
            raise ValueError("step must be >= 0 and tensors must not be empty")
        self.checkpoints[step] = [self.shard(tensors, rank) for rank in range(self.world_size)]

    def steps(self) -> list[int]:
        return sorted(self.checkpoints)

    def load_shard(self, step: int, rank: int) -> dict[str, np.ndarray]:
        if not 0 <= rank < self.world_size:
            raise ValueError(f"rank {rank} is outside 0..{self.world_size - 1}")
        return {name: piece.copy() for name, piece in self.checkpoints[step][rank].items()}

    def load(self, step: int) -> dict[str, np.ndarray]:
        shards = [self.load_shard(step, rank) for rank in range(self.world_size)]
        tensors = {}
        for name, first in shards[0].items():
            if first.ndim == 0:
                tensors[name] = first
            else:
                tensors[name] = np.concatenate([shard[name] for shard in shards])
        return tensors
