import numpy as np


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Return the softmax of `x` along `axis`, without overflow for large inputs."""
    # Subtracting the max leaves the result unchanged and keeps every exponent <= 0.
    shifted = x - np.max(x, axis=axis, keepdims=True)
    exp = np.exp(shifted)
    return exp / np.sum(exp, axis=axis, keepdims=True)


def causal_mask(t_q: int, t_k: int | None = None) -> np.ndarray:
    """Return a (t_q, t_k) mask: query i sits at position t_k - t_q + i and sees keys up to it."""
    if t_k is None:
        t_k = t_q
    if t_k < t_q:
        raise ValueError(f"t_k={t_k} must be at least t_q={t_q}")
    return np.tril(np.ones((t_q, t_k), dtype=bool), k=t_k - t_q)


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


class Decoder:
    """Causal multi-head self-attention over a growing sequence, caching keys and values."""

    def __init__(
        self,
        w_q: np.ndarray,
        w_k: np.ndarray,
        w_v: np.ndarray,
        w_o: np.ndarray,
        n_heads: int,
    ) -> None:
        width = w_q.shape[0]
        if n_heads < 1 or width % n_heads != 0:
            raise ValueError(f"model width {width} is not divisible by n_heads={n_heads}")
        self._w_q, self._w_k, self._w_v, self._w_o = w_q, w_k, w_v, w_o
        self._n_heads = n_heads
        self._width = width
        self._keys: np.ndarray | None = None  # (B, H, L, Dh); None while nothing is cached
        self._values: np.ndarray | None = None

    def prefill(self, x: np.ndarray) -> np.ndarray:
        """Append the tokens x (B, T, D) to the sequence and return their outputs (B, T, D)."""
        if x.ndim != 3 or x.shape[2] != self._width or x.shape[1] < 1:
            raise ValueError(f"expected shape (B, T, {self._width}), got {x.shape}")
        if self._keys is not None and x.shape[0] != self._keys.shape[0]:
            raise ValueError(f"batch size {x.shape[0]} differs from cached {self._keys.shape[0]}")
        q = split_heads(x @ self._w_q, self._n_heads)
        k = split_heads(x @ self._w_k, self._n_heads)
        v = split_heads(x @ self._w_v, self._n_heads)
        if self._keys is not None:
            k = np.concatenate([self._keys, k], axis=2)
            v = np.concatenate([self._values, v], axis=2)
        self._keys, self._values = k, v
        # The new tokens are the last T of the L cached positions.
        mask = causal_mask(x.shape[1], k.shape[2])
        return merge_heads(scaled_dot_product_attention(q, k, v, mask)) @ self._w_o

    def step(self, x_t: np.ndarray) -> np.ndarray:
        """Append one token per sequence, x_t (B, D), and return its output (B, D)."""
        if x_t.ndim != 2:
            raise ValueError(f"expected shape (B, {self._width}), got {x_t.shape}")
        return self.prefill(x_t[:, None, :])[:, 0, :]

    def cache_length(self) -> int:
        return 0 if self._keys is None else self._keys.shape[2]

    def cached_keys(self) -> np.ndarray | None:
        return self._keys

    def cached_values(self) -> np.ndarray | None:
        return self._values

    def reset(self) -> None:
        self._keys = None
        self._values = None
