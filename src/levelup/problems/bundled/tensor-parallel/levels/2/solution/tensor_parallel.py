import numpy as np


class ColumnParallelLinear:
    def __init__(self, weight: np.ndarray, bias: np.ndarray, world_size: int) -> None:
        weight = np.array(weight, dtype=np.float64)
        bias = np.array(bias, dtype=np.float64)
        if weight.ndim != 2 or bias.shape != (weight.shape[1],):
            raise ValueError(f"expected weight (in, out) and bias (out,), got {weight.shape} and {bias.shape}")
        if world_size < 1 or weight.shape[1] % world_size:
            raise ValueError(f"world_size {world_size} must divide the {weight.shape[1]} output features")
        self.world_size = world_size
        # Rank r keeps one contiguous block of output columns and the matching bias entries.
        self.weights = np.split(weight, world_size, axis=1)
        self.biases = np.split(bias, world_size)

    def shard(self, rank: int) -> dict:
        if not 0 <= rank < self.world_size:
            raise ValueError(f"rank must be in 0..{self.world_size - 1}, got {rank}")
        return {"weight": self.weights[rank].copy(), "bias": self.biases[rank].copy()}

    def rank_outputs(self, x: np.ndarray) -> list[np.ndarray]:
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 2 or x.shape[1] != self.weights[0].shape[0]:
            raise ValueError(f"expected x of shape (tokens, {self.weights[0].shape[0]}), got {x.shape}")
        return [x @ w + b for w, b in zip(self.weights, self.biases, strict=True)]

    def forward(self, x: np.ndarray) -> np.ndarray:
        # All-gather: every rank ends up with every slice, in rank order along the features.
        return np.concatenate(self.rank_outputs(x), axis=1)


def all_reduce(arrays: list[np.ndarray]) -> list[np.ndarray]:
    if not arrays:
        raise ValueError("all_reduce needs at least one rank")
    total = np.asarray(arrays[0], dtype=np.float64).copy()
    for array in arrays[1:]:
        if np.shape(array) != total.shape:
            raise ValueError(f"every rank must contribute shape {total.shape}, got {np.shape(array)}")
        total += array
    return [total.copy() for _ in arrays]


class RowParallelLinear:
    def __init__(self, weight: np.ndarray, bias: np.ndarray, world_size: int) -> None:
        weight = np.array(weight, dtype=np.float64)
        bias = np.array(bias, dtype=np.float64)
        if weight.ndim != 2 or bias.shape != (weight.shape[1],):
            raise ValueError(f"expected weight (in, out) and bias (out,), got {weight.shape} and {bias.shape}")
        if world_size < 1 or weight.shape[0] % world_size:
            raise ValueError(f"world_size {world_size} must divide the {weight.shape[0]} input features")
        self.world_size = world_size
        # Rank r keeps one contiguous block of input rows; the bias is replicated and added once.
        self.weights = np.split(weight, world_size, axis=0)
        self.bias = bias

    def shard(self, rank: int) -> dict:
        if not 0 <= rank < self.world_size:
            raise ValueError(f"rank must be in 0..{self.world_size - 1}, got {rank}")
        return {"weight": self.weights[rank].copy(), "bias": self.bias.copy()}

    def partial_outputs(self, x: np.ndarray) -> list[np.ndarray]:
        x = np.asarray(x, dtype=np.float64)
        features = self.world_size * self.weights[0].shape[0]
        if x.ndim != 2 or x.shape[1] != features:
            raise ValueError(f"expected x of shape (tokens, {features}), got {x.shape}")
        inputs = np.split(x, self.world_size, axis=1)
        return [x_r @ w for x_r, w in zip(inputs, self.weights, strict=True)]

    def forward(self, x: np.ndarray) -> np.ndarray:
        return all_reduce(self.partial_outputs(x))[0] + self.bias
