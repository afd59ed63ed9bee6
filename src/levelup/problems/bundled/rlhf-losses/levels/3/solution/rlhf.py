import numpy as np


def log_sigmoid(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    # min(x, 0) - log(1 + exp(-|x|)): exp never sees a positive argument, so it cannot overflow.
    return np.minimum(x, 0.0) - np.log1p(np.exp(-np.abs(x)))


def _pairs(chosen_rewards: np.ndarray, rejected_rewards: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    chosen = np.asarray(chosen_rewards, dtype=np.float64)
    rejected = np.asarray(rejected_rewards, dtype=np.float64)
    if chosen.ndim != 1 or chosen.shape != rejected.shape or chosen.size == 0:
        raise ValueError(f"expected two 1-D arrays of one non-empty shape, got {chosen.shape}, {rejected.shape}")
    return chosen, rejected


def bradley_terry_loss(chosen_rewards: np.ndarray, rejected_rewards: np.ndarray) -> float:
    chosen, rejected = _pairs(chosen_rewards, rejected_rewards)
    return float(np.mean(-log_sigmoid(chosen - rejected)))


def bradley_terry_grad(chosen_rewards: np.ndarray, rejected_rewards: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    chosen, rejected = _pairs(chosen_rewards, rejected_rewards)
    # d/dm -log_sigmoid(m) = -sigmoid(-m); sigmoid(-m) = exp(log_sigmoid(-m)) stays stable.
    grad_margin = -np.exp(log_sigmoid(rejected - chosen)) / chosen.size
    return grad_margin, -grad_margin


def reward_accuracy(chosen_rewards: np.ndarray, rejected_rewards: np.ndarray) -> float:
    chosen, rejected = _pairs(chosen_rewards, rejected_rewards)
    return float(np.mean(chosen > rejected))


def _real(mask: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """The mask as a bool array (True = real token), checked against the data's shape."""
    real = np.asarray(mask) != 0
    if real.shape != shape:
        raise ValueError(f"mask has shape {real.shape}, expected {shape}")
    return real


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
    lengths = real.sum(axis=1)
    rows = np.flatnonzero(lengths)  # rows with no real tokens get no score
    rewards[rows, lengths[rows] - 1] += score[rows]
    return rewards


def masked_mean(x: np.ndarray, mask: np.ndarray) -> float:
    x = np.asarray(x, dtype=np.float64)
    real = _real(mask, x.shape)
    if not real.any():
        raise ValueError("mask has no real entries")
    return float(np.where(real, x, 0.0).sum() / real.sum())


def gae(
    rewards: np.ndarray, values: np.ndarray, mask: np.ndarray, gamma: float, lam: float
) -> tuple[np.ndarray, np.ndarray]:
    rewards = np.asarray(rewards, dtype=np.float64)
    values = np.asarray(values, dtype=np.float64)
    if rewards.ndim != 2 or values.shape != rewards.shape:
        raise ValueError(f"rewards and values must share one 2-D shape, got {rewards.shape}, {values.shape}")
    real = _real(mask, rewards.shape)
    if not (0.0 <= gamma <= 1.0 and 0.0 <= lam <= 1.0):
        raise ValueError(f"gamma and lam must lie in [0, 1], got {gamma}, {lam}")
    batch, steps = rewards.shape
    advantages = np.zeros((batch, steps))
    next_value = np.zeros(batch)  # 0 after the last real token: no bootstrapping
    next_advantage = np.zeros(batch)
    for t in reversed(range(steps)):
        delta = rewards[:, t] + gamma * next_value - values[:, t]
        advantages[:, t] = np.where(real[:, t], delta + gamma * lam * next_advantage, 0.0)
        next_value = np.where(real[:, t], values[:, t], 0.0)
        next_advantage = advantages[:, t]
    returns = np.where(real, advantages + values, 0.0)
    return advantages, returns


def masked_whiten(x: np.ndarray, mask: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    mean = masked_mean(x, mask)
    real = _real(mask, x.shape)
    var = masked_mean((x - mean) ** 2, real)  # biased: divides by n
    return np.where(real, (x - mean) / np.sqrt(var + 1e-8), 0.0)
