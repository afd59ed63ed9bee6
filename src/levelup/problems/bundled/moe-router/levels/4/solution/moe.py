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


def _batch_logits(logits: np.ndarray) -> np.ndarray:
    logits = np.asarray(logits, dtype=np.float64)
    if logits.ndim != 2 or logits.shape[0] == 0 or logits.shape[1] == 0:
        raise ValueError(f"expected non-empty logits of shape (tokens, experts), got {logits.shape}")
    return logits


def _first_choice_fraction(probs: np.ndarray) -> np.ndarray:
    # argmax returns the first maximum: the same lower-index tie rule as top_k_gating.
    return np.bincount(np.argmax(probs, axis=1), minlength=probs.shape[1]) / probs.shape[0]


def load_balancing_loss(logits: np.ndarray) -> float:
    probs = softmax(_batch_logits(logits))
    return float(probs.shape[1] * np.dot(_first_choice_fraction(probs), probs.mean(axis=0)))


def load_balancing_loss_grad(logits: np.ndarray) -> np.ndarray:
    probs = softmax(_batch_logits(logits))
    num_tokens, num_experts = probs.shape
    fraction = _first_choice_fraction(probs)
    # fraction counts argmaxes, so it is piecewise constant: the gradient flows through the mean
    # probabilities only. Softmax Jacobian: d p_i / d z_j = p_i (delta_ij - p_j).
    return num_experts / num_tokens * probs * (fraction[None, :] - (probs @ fraction)[:, None])


def _logsumexp(logits: np.ndarray) -> np.ndarray:
    peak = np.max(logits, axis=1)
    return peak + np.log(np.sum(np.exp(logits - peak[:, None]), axis=1))


def router_z_loss(logits: np.ndarray) -> float:
    return float(np.mean(_logsumexp(_batch_logits(logits)) ** 2))


def router_z_loss_grad(logits: np.ndarray) -> np.ndarray:
    logits = _batch_logits(logits)
    return 2 * _logsumexp(logits)[:, None] * softmax(logits) / logits.shape[0]


def _layer_inputs(x: np.ndarray, gate: np.ndarray, experts: np.ndarray) -> tuple[np.ndarray, ...]:
    x = np.asarray(x, dtype=np.float64)
    gate = np.asarray(gate, dtype=np.float64)
    experts = np.asarray(experts, dtype=np.float64)
    if x.ndim != 2 or gate.ndim != 2 or experts.ndim != 3:
        raise ValueError("x must be (tokens, d), gate (d, experts) and experts (experts, d, h)")
    if gate.shape[0] != x.shape[1] or experts.shape[:2] != (gate.shape[1], x.shape[1]):
        raise ValueError(f"shapes do not fit: x {x.shape}, gate {gate.shape}, experts {experts.shape}")
    return x, gate, experts


def _kept_assignments(routing: dict) -> list[tuple[int, int, float, int]]:
    """(token, expert, weight, slot) for every assignment that was not dropped."""
    return [
        (token, expert, weight, slot)
        for token, chosen in enumerate(routing["experts"])
        for expert, weight, slot in zip(chosen, routing["weights"][token], routing["positions"][token], strict=True)
        if slot >= 0
    ]


def moe_layer(
    x: np.ndarray, gate: np.ndarray, experts: np.ndarray, k: int, capacity_factor: float | None = None
) -> np.ndarray:
    x, gate, experts = _layer_inputs(x, gate, experts)
    out = np.zeros((x.shape[0], experts.shape[2]))
    for token, expert, weight, _ in _kept_assignments(top_k_gating(x @ gate, k, capacity_factor)):
        out[token] += weight * (x[token] @ experts[expert])
    return out


def expert_parallel_layer(
    x: np.ndarray,
    gate: np.ndarray,
    experts: np.ndarray,
    k: int,
    capacity_factor: float | None,
    world_size: int,
) -> dict:
    x, gate, experts = _layer_inputs(x, gate, experts)
    num_tokens, num_experts = x.shape[0], gate.shape[1]
    if world_size < 1 or num_tokens % world_size or num_experts % world_size:
        raise ValueError(f"world_size {world_size} must divide {num_tokens} tokens and {num_experts} experts")
    local = num_experts // world_size
    shards = np.split(x, world_size)
    routings = [top_k_gating(shard @ gate, k, capacity_factor) for shard in shards]
    capacity = routings[0]["capacity"]

    # dispatch[r][s]: the buffer rank r sends to rank s, one row block of `capacity` slots per expert of s.
    dispatch = [[np.zeros((local, capacity, x.shape[1])) for _ in range(world_size)] for _ in range(world_size)]
    for rank, routing in enumerate(routings):
        for token, expert, _, slot in _kept_assignments(routing):
            dispatch[rank][expert // local][expert % local, slot] = shards[rank][token]

    # After the first all-to-all, rank s holds dispatch[r][s] from every r and runs its experts on it;
    # the second all-to-all returns results[r][s] to rank r.
    results = [
        [
            np.einsum("ecd,edh->ech", dispatch[rank][owner], experts[owner * local : (owner + 1) * local])
            for owner in range(world_size)
        ]
        for rank in range(world_size)
    ]

    outputs = []
    for rank, routing in enumerate(routings):
        out = np.zeros((len(shards[rank]), experts.shape[2]))
        for token, expert, weight, slot in _kept_assignments(routing):
            out[token] += weight * results[rank][expert // local][expert % local, slot]
        outputs.append(out)
    per_peer = local * capacity * (x.shape[1] + experts.shape[2])
    return {
        "output": np.concatenate(outputs),
        "dispatch": dispatch,
        "elements_sent": [(world_size - 1) * per_peer] * world_size,
    }
