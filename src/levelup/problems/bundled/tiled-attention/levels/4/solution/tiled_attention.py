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


def _check_block_size(block_size: int) -> None:
    if block_size < 1:
        raise ValueError(f"block_size must be at least 1, got {block_size}")


def _tile_scores(
    q_block: np.ndarray, k_block: np.ndarray, qs: int, ks: int, scale: float, causal: bool
) -> np.ndarray:
    """Scaled scores of one tile, with -inf where a key comes after its query."""
    scores = q_block @ k_block.T * scale
    if causal:
        q_pos = np.arange(qs, qs + len(q_block))
        k_pos = np.arange(ks, ks + len(k_block))
        scores = np.where(k_pos[None, :] <= q_pos[:, None], scores, -np.inf)
    return scores


def _forward(
    q: np.ndarray, k: np.ndarray, v: np.ndarray, block_size: int, causal: bool
) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    _check_qkv(q, k, v, causal)
    _check_block_size(block_size)
    scale = 1.0 / np.sqrt(q.shape[1])
    out = np.empty((q.shape[0], v.shape[1]))
    lse = np.empty(q.shape[0])
    stats = {"peak_floats": 0, "tiles_computed": 0, "tiles_skipped": 0}
    for qs in range(0, q.shape[0], block_size):
        q_block = q[qs : qs + block_size]
        m = np.full(len(q_block), -np.inf)
        total = np.zeros(len(q_block))
        acc = np.zeros((len(q_block), v.shape[1]))
        for ks in range(0, k.shape[0], block_size):
            if causal and ks > qs + len(q_block) - 1:
                # Every key of this block comes after every query of the block: nothing to see.
                stats["tiles_skipped"] += 1
                continue
            scores = _tile_scores(q_block, k[ks : ks + block_size], qs, ks, scale, causal)
            m_new = np.maximum(m, scores.max(axis=1))
            p = np.exp(scores - m_new[:, None])
            # Everything accumulated so far was relative to the old max: shrink it to the new one.
            correction = np.exp(m - m_new)
            total = total * correction + p.sum(axis=1)
            acc = acc * correction[:, None] + p @ v[ks : ks + block_size]
            m = m_new
            stats["tiles_computed"] += 1
            stats["peak_floats"] = max(stats["peak_floats"], scores.size + m.size + total.size + acc.size)
        out[qs : qs + block_size] = acc / total[:, None]
        lse[qs : qs + block_size] = m + np.log(total)
    return out, lse, stats


def tiled_attention(
    q: np.ndarray, k: np.ndarray, v: np.ndarray, block_size: int, causal: bool = False
) -> tuple[np.ndarray, dict[str, int]]:
    out, _, stats = _forward(q, k, v, block_size, causal)
    return out, stats


def tiled_attention_forward(
    q: np.ndarray, k: np.ndarray, v: np.ndarray, block_size: int, causal: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    out, lse, _ = _forward(q, k, v, block_size, causal)
    return out, lse


def tiled_attention_backward(
    q: np.ndarray,
    k: np.ndarray,
    v: np.ndarray,
    out: np.ndarray,
    lse: np.ndarray,
    d_out: np.ndarray,
    block_size: int,
    causal: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, int]]:
    _check_qkv(q, k, v, causal)
    _check_block_size(block_size)
    if out.shape != d_out.shape or out.shape != (q.shape[0], v.shape[1]) or lse.shape != (q.shape[0],):
        raise ValueError(f"out {out.shape}, d_out {d_out.shape} and lse {lse.shape} do not match q and v")
    scale = 1.0 / np.sqrt(q.shape[1])
    # d softmax: dS = P * (dP - D) with D_i = sum_j P_ij dP_ij, which equals rowsum(dO * O).
    d_rows = np.sum(d_out * out, axis=1)
    dq, dk, dv = np.zeros(q.shape), np.zeros(k.shape), np.zeros(v.shape)
    stats = {"tiles_computed": 0, "tiles_skipped": 0}
    for ks in range(0, k.shape[0], block_size):
        k_block, v_block = k[ks : ks + block_size], v[ks : ks + block_size]
        for qs in range(0, q.shape[0], block_size):
            q_block = q[qs : qs + block_size]
            if causal and ks > qs + len(q_block) - 1:
                stats["tiles_skipped"] += 1
                continue
            # Recompute the tile's probabilities from the saved logsumexp instead of storing P.
            p = np.exp(_tile_scores(q_block, k_block, qs, ks, scale, causal) - lse[qs : qs + block_size, None])
            d_o = d_out[qs : qs + block_size]
            dv[ks : ks + block_size] += p.T @ d_o
            d_scores = p * (d_o @ v_block.T - d_rows[qs : qs + block_size, None])
            dq[qs : qs + block_size] += d_scores @ k_block * scale
            dk[ks : ks + block_size] += d_scores.T @ q_block * scale
            stats["tiles_computed"] += 1
    return dq, dk, dv, stats
