"""Sharded checkpoints: every tensor is split along axis 0 across the ranks, cut when a rank asks."""

import numpy as np


class CheckpointManager:
    def __init__(self, world_size: int) -> None:
        if world_size < 1:
            raise ValueError("world_size must be at least 1")
        self.world_size = world_size
        self.checkpoints: dict[int, dict[str, np.ndarray]] = {}  # step -> its full tensors

    def save(self, step: int, tensors: dict[str, np.ndarray]) -> None:
        if step < 0 or not tensors:
            raise ValueError("step must be >= 0 and tensors must not be empty")
        self.checkpoints[step] = {name: array.copy() for name, array in tensors.items()}

    def steps(self) -> list[int]:
        return sorted(self.checkpoints)

    def load_shard(self, step: int, rank: int) -> dict[str, np.ndarray]:
        if not 0 <= rank < self.world_size:
            raise ValueError(f"rank {rank} is outside 0..{self.world_size - 1}")
        pieces = {}
        for name, array in self.checkpoints[step].items():
            if array.ndim == 0:
                if rank == 0:
                    pieces[name] = array.copy()
            else:
                pieces[name] = np.array_split(array, self.world_size)[rank].copy()
        return pieces

    def load(self, step: int) -> dict[str, np.ndarray]:
        return {name: array.copy() for name, array in self.checkpoints[step].items()}
