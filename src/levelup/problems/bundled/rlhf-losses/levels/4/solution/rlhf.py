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


def _same_shape(*arrays: np.ndarray) -> list[np.ndarray]:
    arrays = [np.asarray(a, dtype=np.float64) for a in arrays]
    if len({a.shape for a in arrays}) != 1:
        raise ValueError(f"shapes differ: {[a.shape for a in arrays]}")
    return arrays


def ppo_policy_loss(
    logprobs: np.ndarray,
    old_logprobs: np.ndarray,
    advantages: np.ndarray,
    mask: np.ndarray,
    clip_eps: float = 0.2,
) -> tuple[float, float]:
    logprobs, old_logprobs, advantages = _same_shape(logprobs, old_logprobs, advantages)
    ratio = np.exp(logprobs - old_logprobs)
    unclipped = -advantages * ratio
    clipped = -advantages * np.clip(ratio, 1.0 - clip_eps, 1.0 + clip_eps)
    loss = masked_mean(np.maximum(unclipped, clipped), mask)
    clip_fraction = masked_mean((clipped > unclipped).astype(np.float64), mask)
    return loss, clip_fraction


def ppo_value_loss(
    values: np.ndarray,
    old_values: np.ndarray,
    returns: np.ndarray,
    mask: np.ndarray,
    clip_eps: float = 0.2,
) -> float:
    values, old_values, returns = _same_shape(values, old_values, returns)
    values_clipped = old_values + np.clip(values - old_values, -clip_eps, clip_eps)
    per_token = np.maximum((values - returns) ** 2, (values_clipped - returns) ** 2)
    return 0.5 * masked_mean(per_token, mask)


def entropy_bonus(entropy: np.ndarray, mask: np.ndarray) -> float:
    return masked_mean(entropy, mask)


def ppo_total_loss(
    policy_loss: float,
    value_loss: float,
    entropy_bonus: float,
    vf_coef: float = 0.5,
    ent_coef: float = 0.01,
) -> float:
    return float(policy_loss + vf_coef * value_loss - ent_coef * entropy_bonus)


def dpo_loss(
    policy_chosen_logps: np.ndarray,
    policy_rejected_logps: np.ndarray,
    ref_chosen_logps: np.ndarray,
    ref_rejected_logps: np.ndarray,
    beta: float = 0.1,
) -> tuple[float, np.ndarray, np.ndarray]:
    policy_chosen, policy_rejected, ref_chosen, ref_rejected = _same_shape(
        policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps
    )
    chosen_rewards = beta * (policy_chosen - ref_chosen)
    rejected_rewards = beta * (policy_rejected - ref_rejected)
    # The DPO loss is the Bradley-Terry loss on the implicit rewards (it also checks 1-D, N > 0).
    return bradley_terry_loss(chosen_rewards, rejected_rewards), chosen_rewards, rejected_rewards
