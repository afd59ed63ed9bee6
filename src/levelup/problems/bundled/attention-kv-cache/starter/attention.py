import numpy as np


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Return the softmax of `x` along `axis`, without overflow for large inputs."""
    raise NotImplementedError


def causal_mask(t: int) -> np.ndarray:
    """Return a (t, t) boolean mask that is True where query i may attend key j (j <= i)."""
    raise NotImplementedError


def scaled_dot_product_attention(
    q: np.ndarray, k: np.ndarray, v: np.ndarray, mask: np.ndarray | None = None
) -> np.ndarray:
    """Return softmax(q @ k^T / sqrt(d)) @ v, attending only where `mask` is True."""
    raise NotImplementedError
