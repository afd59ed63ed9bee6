import numpy as np

Stats = tuple[np.ndarray | float, np.ndarray | float]


def softmax(x: np.ndarray) -> np.ndarray:
    # Subtracting the row max keeps every exponent <= 0, so nothing overflows.
    exp = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return exp / np.sum(exp, axis=-1, keepdims=True)


def _check(x: np.ndarray, block_size: int) -> None:
    if block_size < 1:
        raise ValueError(f"block_size must be at least 1, got {block_size}")
    if x.shape[-1] == 0 or np.any(np.all(x == -np.inf, axis=-1)):
        raise ValueError("every row of x needs at least one finite entry")


def _rescale(total: np.ndarray, m_old: np.ndarray, m_new: np.ndarray) -> np.ndarray:
    # A row whose max is still -inf has an empty sum; exp(-inf - -inf) would be NaN.
    return np.where(m_old == -np.inf, 0.0, total * np.exp(m_old - np.where(m_new == -np.inf, 0.0, m_new)))


def _merge(a: Stats, b: Stats) -> Stats:
    (m_a, l_a), (m_b, l_b) = a, b
    m = np.maximum(m_a, m_b)
    return m, _rescale(l_a, m_a, m) + _rescale(l_b, m_b, m)


def _plain(stats: Stats) -> Stats:
    # The statistics of one row (1-D input) stay plain floats, as in level 1.
    m, total = stats
    return (float(m), float(total)) if np.ndim(m) == 0 else (m, total)


def merge_stats(a: Stats, b: Stats) -> Stats:
    return _plain(_merge(a, b))


def _block_stats(block: np.ndarray) -> Stats:
    m = np.max(block, axis=-1)
    safe_m = np.where(m == -np.inf, 0.0, m)
    return m, np.sum(np.exp(block - safe_m[..., None]), axis=-1)


def online_softmax_stats(x: np.ndarray, block_size: int) -> Stats:
    x = np.asarray(x, dtype=np.float64)
    _check(x, block_size)
    stats = (np.full(x.shape[:-1], -np.inf), np.zeros(x.shape[:-1]))
    for start in range(0, x.shape[-1], block_size):
        stats = _merge(stats, _block_stats(x[..., start : start + block_size]))
    return _plain(stats)


def online_softmax(x: np.ndarray, block_size: int) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    m, total = online_softmax_stats(x, block_size)
    return np.exp(x - np.expand_dims(m, -1)) / np.expand_dims(total, -1)


def _check_qkv(q: np.ndarray, k: np.ndarray, v: np.ndarray, causal: bool) -> None:
    if q.ndim != 2 or k.ndim != 2 or v.ndim != 2:
        raise ValueError("q, k and v must be two-dimensional")
    if q.shape[1] != k.shape[1] or k.shape[0] != v.shape[0] or k.shape[0] == 0:
        raise ValueError(f"incompatible shapes q={q.shape} k={k.shape} v={v.shape}")
    if causal and q.shape[0] != k.shape[0]:
        raise ValueError("causal attention needs as many queries as keys")


def attention(q: np.ndarray, k: np.ndarray, v: np.ndarray, causal: bool = False) -> np.ndarray:
    _check_qkv(q, k, v, causal)
    scores = q @ k.T / np.sqrt(q.shape[1])
    if causal:
        scores = np.where(np.tril(np.ones(scores.shape, dtype=bool)), scores, -np.inf)
    return softmax(scores) @ v


def tiled_attention(
    q: np.ndarray, k: np.ndarray, v: np.ndarray, block_size: int, causal: bool = False
) -> tuple[np.ndarray, dict[str, int]]:
    _check_qkv(q, k, v, causal)
    if block_size < 1:
        raise ValueError(f"block_size must be at least 1, got {block_size}")
    scale = 1.0 / np.sqrt(q.shape[1])
    out = np.empty((q.shape[0], v.shape[1]))
    peak_floats = computed = skipped = 0
    for qs in range(0, q.shape[0], block_size):
        q_block = q[qs : qs + block_size]
        q_pos = np.arange(qs, qs + len(q_block))
        m = np.full(len(q_block), -np.inf)
        total = np.zeros(len(q_block))
        acc = np.zeros((len(q_block), v.shape[1]))
        for ks in range(0, k.shape[0], block_size):
            if causal and ks > q_pos[-1]:
                # Every key of this block comes after every query of the block: nothing to see.
                skipped += 1
                continue
            scores = q_block @ k[ks : ks + block_size].T * scale
            if causal:
                k_pos = np.arange(ks, ks + scores.shape[1])
                scores = np.where(k_pos[None, :] <= q_pos[:, None], scores, -np.inf)
            m_new = np.maximum(m, scores.max(axis=1))
            p = np.exp(scores - m_new[:, None])
            # Everything accumulated so far was relative to the old max: shrink it to the new one.
            correction = np.exp(m - m_new)
            total = total * correction + p.sum(axis=1)
            acc = acc * correction[:, None] + p @ v[ks : ks + block_size]
            m = m_new
            computed += 1
            peak_floats = max(peak_floats, scores.size + m.size + total.size + acc.size)
        out[qs : qs + block_size] = acc / total[:, None]
    return out, {"peak_floats": peak_floats, "tiles_computed": computed, "tiles_skipped": skipped}
