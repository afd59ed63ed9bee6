import numpy as np


def _check_buffers(buffers: list[np.ndarray]) -> None:
    if len(buffers) == 0:
        raise ValueError("need at least one rank")
    first = buffers[0]
    for buffer in buffers:
        if buffer.ndim != 1 or buffer.shape != first.shape or buffer.dtype != first.dtype:
            raise ValueError("every rank needs a 1-D buffer of the same length and dtype")


def split_chunks(x: np.ndarray, world_size: int) -> list[np.ndarray]:
    """Split the 1-D array x into world_size chunks, np.array_split style."""
    if x.ndim != 1:
        raise ValueError("x must be 1-D")
    if world_size < 1:
        raise ValueError("world_size must be at least 1")
    return [chunk.copy() for chunk in np.array_split(x, world_size)]


def _schedule(n: int, first: int, last: int) -> list[tuple[int, int, int, int]]:
    """The sends of steps first..last-1 of the ring all-reduce over n ranks."""
    return [(step, src, (src + 1) % n, (src - step - 1) % n) for step in range(first, last) for src in range(n)]


def ring_steps(buffers: list[np.ndarray]) -> list[tuple[int, int, int, int]]:
    """Return every send of the ring all-reduce as (step, src, dst, chunk_index)."""
    _check_buffers(buffers)
    return _schedule(len(buffers), 0, 2 * (len(buffers) - 1))


def ring_all_reduce(buffers: list[np.ndarray], num_steps: int | None = None) -> list[np.ndarray]:
    """Run the ring all-reduce (sum) over one buffer per rank; return every rank's buffer."""
    _check_buffers(buffers)
    return RingGroup(len(buffers)).all_reduce(buffers, num_steps)


def ring_bytes_sent(buffers: list[np.ndarray]) -> list[int]:
    """Return the number of bytes each rank sends during the ring all-reduce."""
    _check_buffers(buffers)
    group = RingGroup(len(buffers))
    group.all_reduce(buffers)
    return [elements * buffers[0].itemsize for elements in group.elements_sent()]


class RingGroup:
    """world_size simulated ranks on a ring, counting the elements each rank sends."""

    def __init__(self, world_size: int) -> None:
        if world_size < 1:
            raise ValueError("world_size must be at least 1")
        self.world_size = world_size
        self._sent = [0] * world_size

    def elements_sent(self) -> list[int]:
        return list(self._sent)

    def _check_count(self, arrays: list[np.ndarray]) -> None:
        if len(arrays) != self.world_size:
            raise ValueError(f"expected {self.world_size} arrays, got {len(arrays)}")

    def _run(self, chunks: list[list[np.ndarray]], first: int, last: int) -> None:
        """Run steps first..last-1 on every rank's chunks in place, counting each send.

        No rank sends the chunk it receives in the same step, so the order of sends within a
        step does not matter."""
        for step, src, dst, c in _schedule(self.world_size, first, last):
            if step < self.world_size - 1:  # reduce-scatter: add
                chunks[dst][c] = chunks[dst][c] + chunks[src][c]
            else:  # all-gather: replace
                chunks[dst][c] = chunks[src][c].copy()
            self._sent[src] += len(chunks[src][c])

    def reduce_scatter(self, buffers: list[np.ndarray]) -> list[np.ndarray]:
        self._check_count(buffers)
        _check_buffers(buffers)
        n = self.world_size
        chunks = [split_chunks(buffer, n) for buffer in buffers]
        self._run(chunks, 0, n - 1)
        return [chunks[r][r] for r in range(n)]

    def all_gather(self, chunks: list[np.ndarray]) -> list[np.ndarray]:
        self._check_count(chunks)
        if any(c.ndim != 1 or c.dtype != chunks[0].dtype for c in chunks):
            raise ValueError("chunks must be 1-D arrays of one dtype")
        n = self.world_size
        # Rank r starts with only its own chunk; the ring fills in the rest.
        held = [[c.copy() if i == r else np.zeros_like(c) for i, c in enumerate(chunks)] for r in range(n)]
        self._run(held, n - 1, 2 * (n - 1))
        return [np.concatenate(rank_chunks) for rank_chunks in held]

    def all_reduce(self, buffers: list[np.ndarray], num_steps: int | None = None) -> list[np.ndarray]:
        self._check_count(buffers)
        _check_buffers(buffers)
        n = self.world_size
        total_steps = 2 * (n - 1)
        if num_steps is None:
            num_steps = total_steps
        if not 0 <= num_steps <= total_steps:
            raise ValueError(f"num_steps must be in 0..{total_steps}")
        chunks = [split_chunks(buffer, n) for buffer in buffers]
        self._run(chunks, 0, num_steps)
        return [np.concatenate(rank_chunks) for rank_chunks in chunks]


class Adam:
    """Single-process Adam (Kingma & Ba, Algorithm 1); also one rank's shard inside ZeroAdam."""

    def __init__(
        self,
        params: np.ndarray,
        lr: float = 1e-3,
        beta1: float = 0.9,
        beta2: float = 0.999,
        eps: float = 1e-8,
    ) -> None:
        if params.ndim != 1:
            raise ValueError("params must be 1-D")
        self._params = params.astype(np.float64)
        self._m = np.zeros_like(self._params)
        self._v = np.zeros_like(self._params)
        self._t = 0
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps

    def step(self, grad: np.ndarray) -> np.ndarray:
        if grad.shape != self._params.shape:
            raise ValueError(f"grad must have shape {self._params.shape}, got {grad.shape}")
        grad = grad.astype(np.float64)
        self._t += 1
        self._m = self.beta1 * self._m + (1 - self.beta1) * grad
        self._v = self.beta2 * self._v + (1 - self.beta2) * grad**2
        m_hat = self._m / (1 - self.beta1**self._t)
        v_hat = self._v / (1 - self.beta2**self._t)
        self._params = self._params - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        return self.params()

    def params(self) -> np.ndarray:
        return self._params.copy()

    def moments(self) -> tuple[np.ndarray, np.ndarray]:
        return self._m.copy(), self._v.copy()

    def state_size(self) -> int:
        return 2 * len(self._params)


class ZeroAdam:
    """ZeRO stage 1: full params on every rank, Adam state sharded so rank r owns chunk r."""

    def __init__(
        self,
        params: np.ndarray,
        world_size: int,
        lr: float = 1e-3,
        beta1: float = 0.9,
        beta2: float = 0.999,
        eps: float = 1e-8,
    ) -> None:
        self._group = RingGroup(world_size)
        params = params.astype(np.float64)
        # Each shard's Adam holds that rank's moments (and its slice of the params to update).
        self._shards = [Adam(chunk, lr, beta1, beta2, eps) for chunk in split_chunks(params, world_size)]
        self._rank_params = [params.copy() for _ in range(world_size)]

    def step(self, grads: list[np.ndarray]) -> np.ndarray:
        n = self._group.world_size
        length = len(self._rank_params[0])
        if len(grads) != n or any(g.shape != (length,) for g in grads):
            raise ValueError(f"need {n} gradients of shape ({length},)")
        owned = self._group.reduce_scatter([g.astype(np.float64) for g in grads])
        updated = [shard.step(chunk / n) for shard, chunk in zip(self._shards, owned, strict=True)]
        self._rank_params = self._group.all_gather(updated)
        return self.params()

    def params(self) -> np.ndarray:
        return self._rank_params[0].copy()

    def rank_params(self) -> list[np.ndarray]:
        return [p.copy() for p in self._rank_params]

    def moments(self, rank: int) -> tuple[np.ndarray, np.ndarray]:
        if not 0 <= rank < len(self._shards):
            raise ValueError(f"rank must be in 0..{len(self._shards) - 1}")
        return self._shards[rank].moments()

    def state_sizes(self) -> list[int]:
        return [shard.state_size() for shard in self._shards]

    def elements_sent(self) -> list[int]:
        return self._group.elements_sent()


class ZeroTrainer:
    """ZeroAdam with gradient accumulation over micro-batches and dynamic loss scaling."""

    def __init__(
        self,
        params: np.ndarray,
        world_size: int,
        accumulation_steps: int = 1,
        lr: float = 1e-3,
        beta1: float = 0.9,
        beta2: float = 0.999,
        eps: float = 1e-8,
        init_scale: float = 65536.0,
        growth_interval: int = 2000,
    ) -> None:
        if accumulation_steps < 1 or init_scale < 1.0 or growth_interval < 1:
            raise ValueError("need accumulation_steps >= 1, init_scale >= 1.0, growth_interval >= 1")
        self._optimizer = ZeroAdam(params, world_size, lr, beta1, beta2, eps)
        self._world_size = world_size
        self._length = len(params)
        self._k = accumulation_steps
        self._scale = float(init_scale)
        self._growth_interval = growth_interval
        self._good_in_a_row = 0
        self._skipped = 0
        self._reset_buffers()

    def _reset_buffers(self) -> None:
        self._buffers = [np.zeros(self._length) for _ in range(self._world_size)]
        self._pending = 0

    def loss_scale(self) -> float:
        return self._scale

    def skipped_steps(self) -> int:
        return self._skipped

    def pending_micro_batches(self) -> int:
        return self._pending

    def accumulate(self, scaled_grads: list[np.ndarray]) -> None:
        if len(scaled_grads) != self._world_size or any(
            g.shape != (self._length,) for g in scaled_grads
        ):
            raise ValueError(f"need {self._world_size} gradients of shape ({self._length},)")
        if self._pending == self._k:
            raise ValueError("all micro-batches of this step are in; call step() first")
        for buffer, grad in zip(self._buffers, scaled_grads, strict=True):
            buffer += grad.astype(np.float64)  # float64 sum: float16 inputs cannot overflow here
        self._pending += 1

    def step(self) -> bool:
        if self._pending != self._k:
            raise ValueError(f"{self._pending} of {self._k} micro-batches pending")
        grads = [buffer / (self._scale * self._k) for buffer in self._buffers]
        self._reset_buffers()
        # One verdict for all ranks, decided before any gradient is communicated.
        if not all(np.all(np.isfinite(g)) for g in grads):
            self._skipped += 1
            self._scale = max(self._scale / 2, 1.0)
            self._good_in_a_row = 0
            return False
        self._optimizer.step(grads)
        self._good_in_a_row += 1
        if self._good_in_a_row == self._growth_interval:
            self._scale *= 2
            self._good_in_a_row = 0
        return True

    def params(self) -> np.ndarray:
        return self._optimizer.params()

    def rank_params(self) -> list[np.ndarray]:
        return self._optimizer.rank_params()

    def elements_sent(self) -> list[int]:
        return self._optimizer.elements_sent()
