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
