import numpy as np


def transition_matrix(
    bigram_logits: np.ndarray, temperature: float = 1.0, top_k: int | None = None, top_p: float | None = None
) -> np.ndarray:
    """Return the (V, V) matrix whose row i is the sampling distribution of the token after token i."""
    raise NotImplementedError


def sample_from(probs: np.ndarray, u: float) -> int:
    """Return the token that the uniform number u selects from probs by inverse-CDF sampling."""
    raise NotImplementedError


def generate(
    bigram_logits: np.ndarray,
    prompt: list[int],
    max_new_tokens: int,
    seed: int,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float | None = None,
) -> list[int]:
    """Sample max_new_tokens tokens after prompt, one uniform draw per token from default_rng(seed)."""
    raise NotImplementedError
