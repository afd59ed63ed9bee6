import numpy as np


class TinyTransformer:
    def __init__(self, weights: dict) -> None:
        """Keep the model's weights (see SPEC.md for their layout)."""
        raise NotImplementedError

    def forward(self, tokens: list[int]) -> np.ndarray:
        """Return the logits, shape (T, vocab), for a list of T token ids."""
        raise NotImplementedError

    def run_with_cache(self, tokens: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """Return (logits, resid): resid[l] is the residual stream entering block l, shape (L + 1, T, D)."""
        raise NotImplementedError
