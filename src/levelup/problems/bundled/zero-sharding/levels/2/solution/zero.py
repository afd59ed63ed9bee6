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
