import math

import numpy as np


def softmax(logits: np.ndarray) -> np.ndarray:
    logits = np.asarray(logits, dtype=np.float64)
    # Subtracting the row maximum changes nothing mathematically and keeps exp() from overflowing.
    shifted = np.exp(logits - np.max(logits, axis=-1, keepdims=True))
    return shifted / np.sum(shifted, axis=-1, keepdims=True)


def expert_capacity(num_tokens: int, num_experts: int, k: int, capacity_factor: float) -> int:
    if capacity_factor <= 0:
        raise ValueError(f"capacity_factor must be positive, got {capacity_factor}")
    return math.ceil(capacity_factor * num_tokens * k / num_experts)


def top_k_gating(logits: np.ndarray, k: int, capacity_factor: float | None = None) -> dict:
    logits = np.asarray(logits, dtype=np.float64)
    if logits.ndim != 2 or logits.shape[1] == 0:
        raise ValueError(f"expected logits of shape (tokens, experts), got {logits.shape}")
    num_tokens, num_experts = logits.shape
    if not 1 <= k <= num_experts:
        raise ValueError(f"k must be between 1 and {num_experts}, got {k}")
    capacity = num_tokens if capacity_factor is None else expert_capacity(num_tokens, num_experts, k, capacity_factor)
    probs = softmax(logits)
    # A stable sort keeps equal probabilities in expert order, so ties go to the lower index.
    experts = [[int(e) for e in np.argsort(-row, kind="stable")[:k]] for row in probs]
    totals = [sum(row[e] for e in chosen) for row, chosen in zip(probs, experts, strict=True)]
    weights = [[float(probs[t, e] / totals[t]) for e in chosen] for t, chosen in enumerate(experts)]
    positions = [[-1] * k for _ in range(num_tokens)]
    load = [0] * num_experts
    # Every token's first choice is placed before any token's second choice, and so on.
    for choice in range(k):
        for token in range(num_tokens):
            expert = experts[token][choice]
            if load[expert] < capacity:
                positions[token][choice] = load[expert]
                load[expert] += 1
            else:
                weights[token][choice] = 0.0
    dropped = [token for token in range(num_tokens) if max(positions[token]) == -1]
    return {
        "experts": experts,
        "weights": weights,
        "load": load,
        "capacity": capacity,
        "positions": positions,
        "dropped": dropped,
    }
