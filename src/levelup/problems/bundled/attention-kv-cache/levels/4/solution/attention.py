import heapq

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


def _project_heads(
    x: np.ndarray, w_q: np.ndarray, w_k: np.ndarray, w_v: np.ndarray, n_heads: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Queries, keys and values of x (B, T, D), each split into heads: (B, H, T, Dh)."""
    return split_heads(x @ w_q, n_heads), split_heads(x @ w_k, n_heads), split_heads(x @ w_v, n_heads)


def multi_head_attention(
    x: np.ndarray,
    w_q: np.ndarray,
    w_k: np.ndarray,
    w_v: np.ndarray,
    w_o: np.ndarray,
    n_heads: int,
    causal: bool = True,
    lengths: list[int] | None = None,
) -> np.ndarray:
    """Multi-head self-attention of x (B, T, D) with (D, D) weights; returns (B, T, D)."""
    if causal:
        # A causal pass over a (padded) batch is one ragged prefill of an empty decoder.
        return Decoder(w_q, w_k, w_v, w_o, n_heads).prefill(x, lengths)
    batch, t, _ = x.shape
    if lengths is not None and len(lengths) != batch:
        raise ValueError(f"expected {batch} lengths, got {len(lengths)}")
    real = padding_mask([t] * batch if lengths is None else lengths, t)
    # Padded keys are never attended; padded queries attend nothing, so they output zeros.
    mask = real[:, None, :, None] & real[:, None, None, :]
    q, k, v = _project_heads(x, w_q, w_k, w_v, n_heads)
    return merge_heads(scaled_dot_product_attention(q, k, v, mask)) @ w_o


def padding_mask(lengths: list[int], t: int) -> np.ndarray:
    """Return a (B, t) mask that is True at the first lengths[b] positions of sequence b."""
    if any(length < 0 or length > t for length in lengths):
        raise ValueError(f"lengths {lengths} must lie in [0, {t}]")
    return np.arange(t)[None, :] < np.array(lengths, dtype=int)[:, None]


class Decoder:
    """Causal multi-head self-attention over growing sequences, each with its own key/value cache."""

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
        # One (H, L_b, Dh) array per sequence of the batch: rows may hold different lengths.
        self._keys: list[np.ndarray] = []
        self._values: list[np.ndarray] = []

    def prefill(self, x: np.ndarray, lengths: list[int] | None = None) -> np.ndarray:
        """Append each row's first lengths[b] tokens of x (B, T, D); return their outputs (B, T, D)."""
        if x.ndim != 3 or x.shape[2] != self._width or x.shape[1] < 1:
            raise ValueError(f"expected shape (B, T, {self._width}), got {x.shape}")
        batch, t, _ = x.shape
        if self._keys and batch != len(self._keys):
            raise ValueError(f"batch size {batch} differs from cached {len(self._keys)}")
        lengths = [t] * batch if lengths is None else list(lengths)
        if len(lengths) != batch or any(not 0 <= n <= t for n in lengths):
            raise ValueError(f"need {batch} lengths in 0..{t}, got {lengths}")
        if not self._keys:
            empty = np.zeros((self._n_heads, 0, self._width // self._n_heads))
            self._keys, self._values = [empty] * batch, [empty] * batch
        q, k, v = _project_heads(x, self._w_q, self._w_k, self._w_v, self._n_heads)
        out = np.zeros_like(q)  # padded positions stay zero
        for b, n in enumerate(lengths):
            self._keys[b] = np.concatenate([self._keys[b], k[b, :, :n]], axis=1)
            self._values[b] = np.concatenate([self._values[b], v[b, :, :n]], axis=1)
            if n:
                # The n new tokens are the last n of the row's cached positions.
                mask = causal_mask(n, self._keys[b].shape[1])
                out[b, :, :n] = scaled_dot_product_attention(q[b, :, :n], self._keys[b], self._values[b], mask)
        return merge_heads(out) @ self._w_o

    def step(self, x_t: np.ndarray, active: list[bool] | None = None) -> np.ndarray:
        """Append one token to every active sequence, x_t (B, D); return the outputs (B, D)."""
        if x_t.ndim != 2:
            raise ValueError(f"expected shape (B, {self._width}), got {x_t.shape}")
        lengths = None if active is None else [1 if is_active else 0 for is_active in active]
        return self.prefill(x_t[:, None, :], lengths)[:, 0, :]

    def cache_lengths(self) -> list[int]:
        return [keys.shape[1] for keys in self._keys]

    def cache_length(self) -> int:
        return max(self.cache_lengths(), default=0)

    def cached_keys(self) -> np.ndarray | None:
        return self._padded(self._keys)

    def cached_values(self) -> np.ndarray | None:
        return self._padded(self._values)

    def _padded(self, rows: list[np.ndarray]) -> np.ndarray | None:
        """The rows as one (B, H, L, Dh) array, zeros after each row's own length."""
        longest = self.cache_length()
        if longest == 0:
            return None
        return np.stack([np.pad(row, ((0, 0), (0, longest - row.shape[1]), (0, 0))) for row in rows])

    def reset(self) -> None:
        self._keys = []
        self._values = []


class PagedKVCache:
    """Keys and values of many sequences, stored in fixed-size blocks drawn from one pool."""

    def __init__(self, num_blocks: int, block_size: int, n_heads: int, head_dim: int) -> None:
        if min(num_blocks, block_size, n_heads, head_dim) < 1:
            raise ValueError("num_blocks, block_size, n_heads and head_dim must all be >= 1")
        self._block_size = block_size
        self._n_heads = n_heads
        self._head_dim = head_dim
        self._keys = np.zeros((num_blocks, n_heads, block_size, head_dim))
        self._values = np.zeros((num_blocks, n_heads, block_size, head_dim))
        self._free = list(range(num_blocks))  # a heap, so the lowest free id comes out first
        self._tables: dict[int, list[int]] = {}
        self._lengths: dict[int, int] = {}

    def allocate(self, seq_id: int) -> None:
        if seq_id in self._tables:
            raise ValueError(f"sequence {seq_id} is already allocated")
        self._tables[seq_id] = []
        self._lengths[seq_id] = 0

    def append(self, seq_id: int, k: np.ndarray, v: np.ndarray) -> None:
        table = self._tables[seq_id]
        if k.ndim != 3 or k.shape[0] != self._n_heads or k.shape[2] != self._head_dim:
            raise ValueError(f"expected (n_heads, t, head_dim) keys, got {k.shape}")
        if v.shape != k.shape or k.shape[1] < 1:
            raise ValueError(f"keys {k.shape} and values {v.shape} must match, with t >= 1")
        start = self._lengths[seq_id]
        end = start + k.shape[1]
        needed = -(-end // self._block_size) - len(table)
        if needed > len(self._free):
            raise RuntimeError(f"need {needed} free blocks, only {len(self._free)} left")
        for _ in range(needed):
            table.append(heapq.heappop(self._free))
        for i, position in enumerate(range(start, end)):
            block, slot = table[position // self._block_size], position % self._block_size
            self._keys[block, :, slot] = k[:, i]
            self._values[block, :, slot] = v[:, i]
        self._lengths[seq_id] = end

    def free(self, seq_id: int) -> None:
        for block in self._tables.pop(seq_id):
            heapq.heappush(self._free, block)
        del self._lengths[seq_id]

    def block_table(self, seq_id: int) -> list[int]:
        return list(self._tables[seq_id])

    def length(self, seq_id: int) -> int:
        return self._lengths[seq_id]

    def num_free_blocks(self) -> int:
        return len(self._free)

    def gather(self, seq_id: int) -> tuple[np.ndarray, np.ndarray]:
        """Return the sequence's keys and values, each (n_heads, length, head_dim)."""
        table, length = self._tables[seq_id], self._lengths[seq_id]

        def contiguous(blocks: np.ndarray) -> np.ndarray:
            # (n_blocks, H, block_size, Dh) -> (H, n_blocks * block_size, Dh), cut to length.
            joined = blocks.transpose(1, 0, 2, 3).reshape(self._n_heads, -1, self._head_dim)
            return joined[:, :length]

        return contiguous(self._keys[table]), contiguous(self._values[table])

    def attend(self, seq_id: int, q: np.ndarray) -> np.ndarray:
        """Attention of q (n_heads, t_q, head_dim), the last t_q positions, over the cache."""
        keys, values = self.gather(seq_id)
        if q.ndim != 3 or q.shape[0] != self._n_heads or q.shape[2] != self._head_dim:
            raise ValueError(f"expected (n_heads, t_q, head_dim) queries, got {q.shape}")
        mask = causal_mask(q.shape[1], keys.shape[1])
        return scaled_dot_product_attention(q, keys, values, mask)
