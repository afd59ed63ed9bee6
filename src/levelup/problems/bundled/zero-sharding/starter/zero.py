import numpy as np


def split_chunks(x: np.ndarray, world_size: int) -> list[np.ndarray]:
    """Split the 1-D array x into world_size chunks, np.array_split style."""
    raise NotImplementedError


def ring_steps(buffers: list[np.ndarray]) -> list[tuple[int, int, int, int]]:
    """Return every send of the ring all-reduce as (step, src, dst, chunk_index)."""
    raise NotImplementedError


def ring_all_reduce(buffers: list[np.ndarray], num_steps: int | None = None) -> list[np.ndarray]:
    """Run the ring all-reduce (sum) over one buffer per rank; return every rank's buffer."""
    raise NotImplementedError


def ring_bytes_sent(buffers: list[np.ndarray]) -> list[int]:
    """Return the number of bytes each rank sends during the ring all-reduce."""
    raise NotImplementedError
