import numpy as np


def softmax(logits: np.ndarray) -> np.ndarray:
    """Return the softmax of logits over the last axis, as float64."""
    raise NotImplementedError


def top_k_gating(logits: np.ndarray, k: int) -> dict:
    """Route each token (row of logits) to its k most probable experts with renormalised weights."""
    raise NotImplementedError
