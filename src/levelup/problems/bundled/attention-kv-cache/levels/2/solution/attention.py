import numpy as np


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Return the softmax of `x` along `axis`, without overflow for large inputs."""
    # Subtracting the max leaves the result unchanged and keeps every exponent <= 0.
    shifted = x - np.max(x, axis=axis, keepdims=True)
    exp = np.exp(shifted)
    return exp / np.sum(exp, axis=axis, keepdims=True)


def causal_mask(t: int) -> np.ndarray:
    """Return a (t, t) boolean mask that is True where query i may attend key j (j <= i)."""
    return np.tril(np.ones((t, t), dtype=bool))


def scaled_dot_product_attention(
    q: np.ndarray, k: np.ndarray, v: np.ndarray, mask: np.ndarray | None = None
) -> np.ndarray:
    """Return softmax(q @ k^T / sqrt(d)) @ v, attending only where `mask` is True."""
    if q.shape[-1] != k.shape[-1] or k.shape[-2] != v.shape[-2]:
        raise ValueError(f"incompatible shapes q={q.shape} k={k.shape} v={v.shape}")
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if mask is None:
        return softmax(scores) @ v
    mask = np.broadcast_to(mask, scores.shape)
    allowed_any = np.any(mask, axis=-1, keepdims=True)
    scores = np.where(mask, scores, -np.inf)
    # A fully masked row would be softmax of all -inf (NaN); give it zeros, then zero its weights.
    scores = np.where(allowed_any, scores, 0.0)
    weights = softmax(scores) * allowed_any
    return weights @ v


def split_heads(x: np.ndarray, n_heads: int) -> np.ndarray:
    """Reshape (B, T, D) to (B, n_heads, T, D // n_heads); head h holds features h*Dh:(h+1)*Dh."""
    batch, t, d = x.shape
    if n_heads < 1 or d % n_heads != 0:
        raise ValueError(f"model width {d} is not divisible by n_heads={n_heads}")
    return x.reshape(batch, t, n_heads, d // n_heads).transpose(0, 2, 1, 3)


def merge_heads(x: np.ndarray) -> np.ndarray:
    """Inverse of split_heads: (B, H, T, Dh) to (B, T, H * Dh)."""
    batch, n_heads, t, head_dim = x.shape
    return x.transpose(0, 2, 1, 3).reshape(batch, t, n_heads * head_dim)


def multi_head_attention(
    x: np.ndarray,
    w_q: np.ndarray,
    w_k: np.ndarray,
    w_v: np.ndarray,
    w_o: np.ndarray,
    n_heads: int,
    causal: bool = True,
) -> np.ndarray:
    """Multi-head self-attention of x (B, T, D) with (D, D) weights; returns (B, T, D)."""
    q = split_heads(x @ w_q, n_heads)
    k = split_heads(x @ w_k, n_heads)
    v = split_heads(x @ w_v, n_heads)
    mask = causal_mask(x.shape[1]) if causal else None
    return merge_heads(scaled_dot_product_attention(q, k, v, mask)) @ w_o
