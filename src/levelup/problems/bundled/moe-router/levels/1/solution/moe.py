import numpy as np


def softmax(logits: np.ndarray) -> np.ndarray:
    logits = np.asarray(logits, dtype=np.float64)
    # Subtracting the row maximum changes nothing mathematically and keeps exp() from overflowing.
    shifted = np.exp(logits - np.max(logits, axis=-1, keepdims=True))
    return shifted / np.sum(shifted, axis=-1, keepdims=True)


def top_k_gating(logits: np.ndarray, k: int) -> dict:
    logits = np.asarray(logits, dtype=np.float64)
    if logits.ndim != 2 or logits.shape[1] == 0:
        raise ValueError(f"expected logits of shape (tokens, experts), got {logits.shape}")
    num_experts = logits.shape[1]
    if not 1 <= k <= num_experts:
        raise ValueError(f"k must be between 1 and {num_experts}, got {k}")
    probs = softmax(logits)
    experts = []
    weights = []
    load = [0] * num_experts
    for row in probs:
        # A stable sort keeps equal probabilities in expert order, so ties go to the lower index.
        chosen = [int(e) for e in np.argsort(-row, kind="stable")[:k]]
        total = sum(row[e] for e in chosen)
        experts.append(chosen)
        weights.append([float(row[e] / total) for e in chosen])
        for e in chosen:
            load[e] += 1
    return {"experts": experts, "weights": weights, "load": load}
