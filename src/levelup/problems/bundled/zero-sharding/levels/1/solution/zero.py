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


def ring_steps(buffers: list[np.ndarray]) -> list[tuple[int, int, int, int]]:
    """Return every send of the ring all-reduce as (step, src, dst, chunk_index)."""
    _check_buffers(buffers)
    n = len(buffers)
    return [
        (step, src, (src + 1) % n, (src - step - 1) % n)
        for step in range(2 * (n - 1))
        for src in range(n)
    ]


def ring_all_reduce(buffers: list[np.ndarray], num_steps: int | None = None) -> list[np.ndarray]:
    """Run the ring all-reduce (sum) over one buffer per rank; return every rank's buffer."""
    schedule = ring_steps(buffers)
    n = len(buffers)
    total_steps = 2 * (n - 1)
    if num_steps is None:
        num_steps = total_steps
    if not 0 <= num_steps <= total_steps:
        raise ValueError(f"num_steps must be in 0..{total_steps}")
    chunks = [split_chunks(buffer, n) for buffer in buffers]
    for step, src, dst, c in schedule:
        if step >= num_steps:
            break
        if step < n - 1:  # reduce-scatter: add
            chunks[dst][c] = chunks[dst][c] + chunks[src][c]
        else:  # all-gather: replace
            chunks[dst][c] = chunks[src][c].copy()
    return [np.concatenate(rank_chunks) for rank_chunks in chunks]


def ring_bytes_sent(buffers: list[np.ndarray]) -> list[int]:
    """Return the number of bytes each rank sends during the ring all-reduce."""
    schedule = ring_steps(buffers)
    chunk_bytes = [chunk.nbytes for chunk in split_chunks(buffers[0], len(buffers))]
    sent = [0] * len(buffers)
    for _, src, _, c in schedule:
        sent[src] += chunk_bytes[c]
    return sent
