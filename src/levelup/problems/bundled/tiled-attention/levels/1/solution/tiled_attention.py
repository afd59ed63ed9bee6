import numpy as np


def softmax(x: np.ndarray) -> np.ndarray:
    # Subtracting the max keeps every exponent <= 0, so nothing overflows.
    exp = np.exp(x - np.max(x))
    return exp / np.sum(exp)


def _check(x: np.ndarray, block_size: int) -> None:
    if block_size < 1:
        raise ValueError(f"block_size must be at least 1, got {block_size}")
    if x.size == 0 or np.all(x == -np.inf):
        raise ValueError("x needs at least one finite entry")


def merge_stats(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    (m_a, l_a), (m_b, l_b) = a, b
    m = max(m_a, m_b)
    if m == -np.inf:
        return float("-inf"), 0.0
    # Each partial sum was taken relative to its own max; rescale both to the shared max.
    return float(m), float(l_a * np.exp(m_a - m) + l_b * np.exp(m_b - m))


def online_softmax_stats(x: np.ndarray, block_size: int) -> tuple[float, float]:
    x = np.asarray(x, dtype=np.float64)
    _check(x, block_size)
    stats = (-np.inf, 0.0)
    for start in range(0, len(x), block_size):
        block = x[start : start + block_size]
        m_block = float(np.max(block))
        l_block = float(np.sum(np.exp(block - m_block))) if m_block > -np.inf else 0.0
        stats = merge_stats(stats, (m_block, l_block))
    return float(stats[0]), float(stats[1])


def online_softmax(x: np.ndarray, block_size: int) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    m, total = online_softmax_stats(x, block_size)
    return np.exp(x - m) / total
