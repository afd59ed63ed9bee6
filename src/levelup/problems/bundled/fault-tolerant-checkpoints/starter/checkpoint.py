"""Sharded checkpoints: fill in the methods described in SPEC.md."""

import numpy as np


class CheckpointManager:
    def __init__(self, world_size: int) -> None:
        """Create a manager for `world_size` simulated ranks, holding no checkpoints."""

    def save(self, step: int, tensors: dict[str, np.ndarray]) -> None:
        """Shard `tensors` across the ranks and keep them as the checkpoint of `step`."""
        raise NotImplementedError

    def steps(self) -> list[int]:
        """The steps that have a checkpoint, ascending."""
        raise NotImplementedError

    def load_shard(self, step: int, rank: int) -> dict[str, np.ndarray]:
        """The pieces of the checkpoint of `step` that `rank` holds."""
        raise NotImplementedError

    def load(self, step: int) -> dict[str, np.ndarray]:
        """The full tensors of the checkpoint of `step`."""
        raise NotImplementedError
