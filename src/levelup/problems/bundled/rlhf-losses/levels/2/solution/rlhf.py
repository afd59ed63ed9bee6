import numpy as np


def log_sigmoid(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    # min(x, 0) - log(1 + exp(-|x|)): exp never sees a positive argument, so it cannot overflow.
    return np.minimum(x, 0.0) - np.log1p(np.exp(-np.abs(x)))


def _real(mask: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """The mask as a bool array (True = real token), checked against the data's shape."""
    real = np.asarray(mask) != 0
    if real.shape != shape:
        raise ValueError(f"mask has shape {real.shape}, expected {shape}")
    return real


def _last_real_index(real: np.ndarray) -> np.ndarray:
    """Index of each row's last real token (padding is on the right); -1 for a row without one."""
    return real.sum(axis=1) - 1


def _response_rewards(rewards: np.ndarray, mask: np.ndarray | None) -> tuple[np.ndarray, np.ndarray | None]:
    """One reward per response, and where it was read: the value at the last real token."""
    rewards = np.asarray(rewards, dtype=np.float64)
    if mask is None:
        return rewards, None
    if rewards.ndim != 2:
        raise ValueError(f"per-token rewards must be 2-D (N, T), got shape {rewards.shape}")
    last = _last_real_index(_real(mask, rewards.shape))
    if np.any(last < 0):
        raise ValueError("a response without real tokens has no reward")
    return rewards[np.arange(len(rewards)), last], last


def _pairs(
    chosen_rewards: np.ndarray,
    rejected_rewards: np.ndarray,
    chosen_mask: np.ndarray | None,
    rejected_mask: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None]:
    if (chosen_mask is None) != (rejected_mask is None):
        raise ValueError("pass both masks or neither")
    chosen, chosen_last = _response_rewards(chosen_rewards, chosen_mask)
    rejected, rejected_last = _response_rewards(rejected_rewards, rejected_mask)
    if chosen.ndim != 1 or chosen.shape != rejected.shape or chosen.size == 0:
        raise ValueError(f"expected one reward per pair for N > 0 pairs, got {chosen.shape}, {rejected.shape}")
    return chosen, rejected, chosen_last, rejected_last


def bradley_terry_loss(
    chosen_rewards: np.ndarray,
    rejected_rewards: np.ndarray,
    chosen_mask: np.ndarray | None = None,
    rejected_mask: np.ndarray | None = None,
) -> float:
    chosen, rejected, _, _ = _pairs(chosen_rewards, rejected_rewards, chosen_mask, rejected_mask)
    return float(np.mean(-log_sigmoid(chosen - rejected)))


def bradley_terry_grad(
    chosen_rewards: np.ndarray,
    rejected_rewards: np.ndarray,
    chosen_mask: np.ndarray | None = None,
    rejected_mask: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    chosen, rejected, chosen_last, rejected_last = _pairs(chosen_rewards, rejected_rewards, chosen_mask, rejected_mask)
    # d/dm -log_sigmoid(m) = -sigmoid(-m); sigmoid(-m) = exp(log_sigmoid(-m)) stays stable.
    grad_margin = -np.exp(log_sigmoid(rejected - chosen)) / chosen.size
    if chosen_last is None or rejected_last is None:
        return grad_margin, -grad_margin
    # Only the token each reward was read from influences the loss.
    return (
        _at_last_tokens(grad_margin, chosen_last, np.shape(chosen_rewards)),
        _at_last_tokens(-grad_margin, rejected_last, np.shape(rejected_rewards)),
    )


def _at_last_tokens(values: np.ndarray, last: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    out = np.zeros(shape)
    out[np.arange(len(last)), last] = values
    return out


def reward_accuracy(
    chosen_rewards: np.ndarray,
    rejected_rewards: np.ndarray,
    chosen_mask: np.ndarray | None = None,
    rejected_mask: np.ndarray | None = None,
) -> float:
    chosen, rejected, _, _ = _pairs(chosen_rewards, rejected_rewards, chosen_mask, rejected_mask)
    return float(np.mean(chosen > rejected))


def kl_penalty(logprobs: np.ndarray, ref_logprobs: np.ndarray, kind: str = "k1") -> np.ndarray:
    logprobs = np.asarray(logprobs, dtype=np.float64)
    ref_logprobs = np.asarray(ref_logprobs, dtype=np.float64)
    if logprobs.shape != ref_logprobs.shape:
        raise ValueError(f"shapes differ: {logprobs.shape} and {ref_logprobs.shape}")
    d = logprobs - ref_logprobs
    if kind == "k1":
        return d
    if kind == "k2":
        return 0.5 * d**2
    if kind == "k3":
        return np.expm1(-d) + d
    raise ValueError(f"unknown KL estimator {kind!r}")


def shaped_rewards(
    score: np.ndarray,
    logprobs: np.ndarray,
    ref_logprobs: np.ndarray,
    mask: np.ndarray,
    beta: float,
    kind: str = "k1",
) -> np.ndarray:
    logprobs = np.asarray(logprobs, dtype=np.float64)
    if logprobs.ndim != 2:
        raise ValueError(f"logprobs must be 2-D (B, T), got shape {logprobs.shape}")
    real = _real(mask, logprobs.shape)
    score = np.asarray(score, dtype=np.float64)
    if score.shape != logprobs.shape[:1]:
        raise ValueError(f"score has shape {score.shape}, expected ({logprobs.shape[0]},)")
    rewards = np.where(real, -beta * kl_penalty(logprobs, ref_logprobs, kind), 0.0)
    last = _last_real_index(real)
    rows = np.flatnonzero(last >= 0)  # rows with no real tokens get no score
    rewards[rows, last[rows]] += score[rows]
    return rewards


def masked_mean(x: np.ndarray, mask: np.ndarray) -> float:
    x = np.asarray(x, dtype=np.float64)
    real = _real(mask, x.shape)
    if not real.any():
        raise ValueError("mask has no real entries")
    return float(np.where(real, x, 0.0).sum() / real.sum())
