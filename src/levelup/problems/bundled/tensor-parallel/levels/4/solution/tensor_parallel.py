import numpy as np


class Traffic:
    """Collective calls and elements sent per rank, for one layer since it was created."""

    def __init__(self, world_size: int) -> None:
        self.world_size = world_size
        self.calls = {"all_gather": 0, "all_reduce": 0}
        self.sent = [0] * world_size

    def all_gather(self, shards: list[np.ndarray], axis: int) -> np.ndarray:
        self.calls["all_gather"] += 1
        for rank, shard in enumerate(shards):
            self.sent[rank] += (self.world_size - 1) * shard.size
        return np.concatenate(shards, axis=axis)

    def all_reduce(self, arrays: list[np.ndarray]) -> np.ndarray:
        self.calls["all_reduce"] += 1
        for rank in range(self.world_size):
            # A ring all-reduce sends 2 (N - 1) / N of the array from every rank.
            self.sent[rank] += 2 * (self.world_size - 1) * arrays[0].size // self.world_size
        return all_reduce(arrays)[0]

    def report(self) -> dict:
        return {**self.calls, "elements_sent": list(self.sent)}


def _check_linear(weight: np.ndarray, bias: np.ndarray, world_size: int, axis: int) -> tuple[np.ndarray, np.ndarray]:
    weight = np.array(weight, dtype=np.float64)
    bias = np.array(bias, dtype=np.float64)
    if weight.ndim != 2 or bias.shape != (weight.shape[1],):
        raise ValueError(f"expected weight (in, out) and bias (out,), got {weight.shape} and {bias.shape}")
    if world_size < 1 or weight.shape[axis] % world_size:
        raise ValueError(f"world_size {world_size} must divide dimension {axis} of the weight {weight.shape}")
    return weight, bias


def _check_rank(rank: int, world_size: int) -> None:
    if not 0 <= rank < world_size:
        raise ValueError(f"rank must be in 0..{world_size - 1}, got {rank}")


def _check_gradient(grads: dict | None, rank: int, world_size: int) -> dict:
    _check_rank(rank, world_size)
    if grads is None:
        raise ValueError("no gradients yet: run backward first")
    return {"weight": grads["weight"][rank].copy(), "bias": grads["bias"][rank].copy()}


def _check_input(x: np.ndarray, features: int) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] != features:
        raise ValueError(f"expected an input of shape (tokens, {features}), got {x.shape}")
    return x


class ColumnParallelLinear:
    def __init__(self, weight: np.ndarray, bias: np.ndarray, world_size: int, gather_output: bool = True) -> None:
        weight, bias = _check_linear(weight, bias, world_size, axis=1)
        self.world_size = world_size
        self.gather_output = gather_output
        self.traffic = Traffic(world_size)
        # Rank r keeps one contiguous block of output columns and the matching bias entries.
        self.weights = np.split(weight, world_size, axis=1)
        self.biases = np.split(bias, world_size)
        self.saved_input: np.ndarray | None = None
        self.grads: dict | None = None

    def shard(self, rank: int) -> dict:
        _check_rank(rank, self.world_size)
        return {"weight": self.weights[rank].copy(), "bias": self.biases[rank].copy()}

    def rank_outputs(self, x: np.ndarray) -> list[np.ndarray]:
        x = _check_input(x, self.weights[0].shape[0])
        return [x @ w + b for w, b in zip(self.weights, self.biases, strict=True)]

    def forward(self, x: np.ndarray) -> np.ndarray | list[np.ndarray]:
        outputs = self.rank_outputs(x)
        self.saved_input = np.asarray(x, dtype=np.float64)
        return self.traffic.all_gather(outputs, axis=1) if self.gather_output else outputs

    def backward(self, grad_output: np.ndarray | list[np.ndarray]) -> np.ndarray:
        if self.saved_input is None:
            raise ValueError("backward needs a forward first")
        width = self.weights[0].shape[1]
        tokens = self.saved_input.shape[0]
        if self.gather_output:
            # The backward of an all-gather is a split: each rank keeps the slice it produced.
            grad_output = np.split(_check_input(grad_output, self.world_size * width), self.world_size, axis=1)
        elif len(grad_output) != self.world_size:
            raise ValueError(f"expected {self.world_size} gradient shards, got {len(grad_output)}")
        grads = [_check_input(g, width) for g in grad_output]
        if grads[0].shape[0] != tokens:
            raise ValueError(f"expected gradients for {tokens} tokens, got {grads[0].shape[0]}")
        self.grads = {"weight": [self.saved_input.T @ g for g in grads], "bias": [g.sum(axis=0) for g in grads]}
        # Every rank saw the whole input, so the input gradient is the sum of the ranks' parts.
        return self.traffic.all_reduce([g @ w.T for g, w in zip(grads, self.weights, strict=True)])

    def gradients(self, rank: int) -> dict:
        return _check_gradient(self.grads, rank, self.world_size)

    def communication(self) -> dict:
        return self.traffic.report()


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
    def __init__(self, weight: np.ndarray, bias: np.ndarray, world_size: int, input_is_parallel: bool = False) -> None:
        weight, bias = _check_linear(weight, bias, world_size, axis=0)
        self.world_size = world_size
        self.input_is_parallel = input_is_parallel
        self.traffic = Traffic(world_size)
        # Rank r keeps one contiguous block of input rows; the bias is replicated and added once.
        self.weights = np.split(weight, world_size, axis=0)
        self.bias = bias
        self.saved_inputs: list[np.ndarray] | None = None
        self.grads: dict | None = None

    def shard(self, rank: int) -> dict:
        _check_rank(rank, self.world_size)
        return {"weight": self.weights[rank].copy(), "bias": self.bias.copy()}

    def _inputs(self, x: np.ndarray | list[np.ndarray]) -> list[np.ndarray]:
        rows = self.weights[0].shape[0]
        if not self.input_is_parallel:
            return np.split(_check_input(x, self.world_size * rows), self.world_size, axis=1)
        if len(x) != self.world_size:
            raise ValueError(f"expected {self.world_size} input shards, got {len(x)}")
        return [_check_input(x_r, rows) for x_r in x]

    def partial_outputs(self, x: np.ndarray | list[np.ndarray]) -> list[np.ndarray]:
        return [x_r @ w for x_r, w in zip(self._inputs(x), self.weights, strict=True)]

    def forward(self, x: np.ndarray | list[np.ndarray]) -> np.ndarray:
        self.saved_inputs = self._inputs(x)
        return self.traffic.all_reduce(self.partial_outputs(x)) + self.bias

    def backward(self, grad_output: np.ndarray) -> np.ndarray | list[np.ndarray]:
        if self.saved_inputs is None:
            raise ValueError("backward needs a forward first")
        # The backward of an all-reduce is the identity: every rank gets the full output gradient.
        grad = _check_input(grad_output, self.bias.size)
        if grad.shape[0] != self.saved_inputs[0].shape[0]:
            raise ValueError(f"expected gradients for {self.saved_inputs[0].shape[0]} tokens, got {grad.shape[0]}")
        self.grads = {
            "weight": [x_r.T @ grad for x_r in self.saved_inputs],
            "bias": [grad.sum(axis=0) for _ in self.saved_inputs],
        }
        grad_inputs = [grad @ w.T for w in self.weights]
        return grad_inputs if self.input_is_parallel else self.traffic.all_gather(grad_inputs, axis=1)

    def gradients(self, rank: int) -> dict:
        return _check_gradient(self.grads, rank, self.world_size)

    def communication(self) -> dict:
        return self.traffic.report()


def gelu(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    return 0.5 * x * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (x + 0.044715 * x**3)))


def gelu_grad(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    inner = np.sqrt(2.0 / np.pi) * (x + 0.044715 * x**3)
    tanh = np.tanh(inner)
    return 0.5 * (1.0 + tanh) + 0.5 * x * (1.0 - tanh**2) * np.sqrt(2.0 / np.pi) * (1.0 + 3 * 0.044715 * x**2)


def mlp(x: np.ndarray, w1: np.ndarray, b1: np.ndarray, w2: np.ndarray, b2: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    return gelu(x @ w1 + b1) @ np.asarray(w2, dtype=np.float64) + b2


class MegatronMLP:
    def __init__(self, w1: np.ndarray, b1: np.ndarray, w2: np.ndarray, b2: np.ndarray, world_size: int) -> None:
        if np.ndim(w1) != 2 or np.ndim(w2) != 2 or np.shape(w1)[1] != np.shape(w2)[0]:
            raise ValueError(f"w1 {np.shape(w1)} and w2 {np.shape(w2)} do not chain")
        # Column then row parallel: the hidden activations stay split, so GeLU runs on each rank's
        # slice and the only communication is the all-reduce at the end (Megatron-LM, Section 3).
        self.first = ColumnParallelLinear(w1, b1, world_size, gather_output=False)
        self.second = RowParallelLinear(w2, b2, world_size, input_is_parallel=True)
        self.pre_activations: list[np.ndarray] = []

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.pre_activations = self.first.forward(x)
        return self.second.forward([gelu(h) for h in self.pre_activations])

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        grad_hidden = self.second.backward(grad_output)
        return self.first.backward(
            [g * gelu_grad(z) for g, z in zip(grad_hidden, self.pre_activations, strict=True)]
        )

    def gradients(self) -> dict:
        first = [self.first.gradients(rank) for rank in range(self.first.world_size)]
        second = [self.second.gradients(rank) for rank in range(self.second.world_size)]
        return {
            "w1": np.concatenate([g["weight"] for g in first], axis=1),
            "b1": np.concatenate([g["bias"] for g in first]),
            "w2": np.concatenate([g["weight"] for g in second], axis=0),
            "b2": second[0]["bias"],
        }

    def communication(self) -> dict:
        first, second = self.first.communication(), self.second.communication()
        return {
            "all_gather": first["all_gather"] + second["all_gather"],
            "all_reduce": first["all_reduce"] + second["all_reduce"],
            "elements_sent": [a + b for a, b in zip(first["elements_sent"], second["elements_sent"], strict=True)],
        }
