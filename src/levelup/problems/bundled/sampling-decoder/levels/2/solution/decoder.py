import numpy as np


def apply_penalties(
    logits: np.ndarray,
    history: list[int],
    repetition_penalty: float = 1.0,
    frequency_penalty: float = 0.0,
    presence_penalty: float = 0.0,
) -> np.ndarray:
    if repetition_penalty <= 0:
        raise ValueError(f"repetition_penalty must be positive, got {repetition_penalty}")
    logits = np.array(logits, dtype=np.float64)
    counts = np.bincount(np.asarray(history, dtype=np.int64), minlength=logits.size)
    seen = counts > 0
    # CTRL's penalty makes a seen token less likely whatever the sign of its logit.
    logits[seen] = np.where(logits[seen] > 0, logits[seen] / repetition_penalty, logits[seen] * repetition_penalty)
    return logits - frequency_penalty * counts - presence_penalty * seen


def next_token_distribution(
    logits: np.ndarray, temperature: float = 1.0, top_k: int | None = None, top_p: float | None = None
) -> np.ndarray:
    logits = np.asarray(logits, dtype=np.float64)
    if logits.ndim != 1 or logits.size == 0:
        raise ValueError(f"expected a non-empty 1-D array of logits, got shape {logits.shape}")
    if temperature <= 0:
        raise ValueError(f"temperature must be positive, got {temperature}")
    if top_k is not None and top_k < 1:
        raise ValueError(f"top_k must be at least 1, got {top_k}")
    if top_p is not None and not 0 < top_p <= 1:
        raise ValueError(f"top_p must be in (0, 1], got {top_p}")
    # A stable sort of the negated logits ranks the tokens, ties by lower token id.
    ranking = np.argsort(-logits, kind="stable")
    scaled = logits / temperature
    if top_k is not None:
        scaled[ranking[top_k:]] = -np.inf
    probs = np.exp(scaled - scaled.max())
    probs /= probs.sum()
    if top_p is not None:
        before = np.cumsum(probs[ranking]) - probs[ranking]
        probs[ranking[before >= top_p]] = 0.0
        probs /= probs.sum()
    return probs


def transition_matrix(
    bigram_logits: np.ndarray, temperature: float = 1.0, top_k: int | None = None, top_p: float | None = None
) -> np.ndarray:
    logits = np.asarray(bigram_logits, dtype=np.float64)
    if logits.ndim != 2 or logits.shape[0] != logits.shape[1] or logits.size == 0:
        raise ValueError(f"expected a square (V, V) table of logits, got shape {logits.shape}")
    return np.stack([next_token_distribution(row, temperature, top_k, top_p) for row in logits])


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
    repetition_penalty: float = 1.0,
    frequency_penalty: float = 0.0,
    presence_penalty: float = 0.0,
    eos_token: int | None = None,
) -> list[int]:
    if not prompt:
        raise ValueError("the prompt needs at least one token")
    bigram_logits = np.asarray(bigram_logits, dtype=np.float64)
    rng = np.random.default_rng(seed)
    # Penalties depend on everything generated so far, so each step has its own distribution.
    history = list(prompt)
    for _ in range(max_new_tokens):
        logits = apply_penalties(
            bigram_logits[history[-1]], history, repetition_penalty, frequency_penalty, presence_penalty
        )
        history.append(sample_from(next_token_distribution(logits, temperature, top_k, top_p), rng.random()))
        if history[-1] == eos_token:
            break
    return history[len(prompt) :]
