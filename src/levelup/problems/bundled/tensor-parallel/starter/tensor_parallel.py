import numpy as np


class ColumnParallelLinear:
    def __init__(self, weight: np.ndarray, bias: np.ndarray, world_size: int) -> None:
        """Split y = x @ weight + bias by output columns over world_size simulated ranks."""
        raise NotImplementedError

    def shard(self, rank: int) -> dict:
        """Return {"weight": ..., "bias": ...}: the parameters rank holds."""
        raise NotImplementedError

    def rank_outputs(self, x: np.ndarray) -> list[np.ndarray]:
        """Return each rank's slice of the output, in rank order, before any communication."""
        raise NotImplementedError

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Return the full output after gathering every rank's slice."""
        raise NotImplementedError
