import numpy as np


def transition_matrix(
    bigram_logits: np.ndarray, temperature: float = 1.0, top_k: int | None = None, top_p: float | None = None
) -> np.ndarray:
    logits = np.asarray(bigram_logits, dtype=np.float64)
    if logits.ndim != 2 or logits.shape[0] != logits.shape[1] or logits.size == 0:
        raise ValueError(f"expected a square (V, V) table of logits, got shape {logits.shape}")
    if temperature <= 0:
        raise ValueError(f"temperature must be positive, got {temperature}")
    if top_k is not None and top_k < 1:
        raise ValueError(f"top_k must be at least 1, got {top_k}")
    if top_p is not None and not 0 < top_p <= 1:
        raise ValueError(f"top_p must be in (0, 1], got {top_p}")
    rows = np.arange(logits.shape[0])[:, None]
    # A stable sort of the negated logits ranks each row's tokens, ties by lower token id.
    ranking = np.argsort(-logits, axis=1, kind="stable")
    scaled = logits / temperature
    if top_k is not None:
        scaled[rows, ranking[:, top_k:]] = -np.inf
    probs = np.exp(scaled - scaled.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    if top_p is not None:
        ranked = probs[rows, ranking]
        before = np.cumsum(ranked, axis=1) - ranked
        probs[rows, ranking] = np.where(before >= top_p, 0.0, ranked)
        probs /= probs.sum(axis=1, keepdims=True)
    return probs


def sample_from(probs: np.ndarray, u: float) -> int:
    probs = np.asarray(probs, dtype=np.float64)
    cdf = np.cumsum(probs)
    candidates = np.flatnonzero((cdf > u) & (probs > 0))
    # Rounding can leave the total a hair under 1; then u falls past it onto the last possible token.
    return int(candidates[0]) if candidates.size else int(np.flatnonzero(probs > 0)[-1])


def generate(
    bigram_logits: np.ndarray,
    prompt: list[int],
    max_new_tokens: int,
    seed: int,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float | None = None,
) -> list[int]:
    if not prompt:
        raise ValueError("the prompt needs at least one token")
    # The sampler of a bigram model is a Markov chain: every row can be worked out once, up front.
    transitions = transition_matrix(bigram_logits, temperature, top_k, top_p)
    rng = np.random.default_rng(seed)
    last = prompt[-1]
    new_tokens = []
    for _ in range(max_new_tokens):
        last = sample_from(transitions[last], rng.random())
        new_tokens.append(last)
    return new_tokens
