import numpy as np


def log_sigmoid(x: np.ndarray) -> np.ndarray:
    """Return log(sigmoid(x)) elementwise as float64, finite for |x| up to 1e4."""
    raise NotImplementedError


def bradley_terry_loss(chosen_rewards: np.ndarray, rejected_rewards: np.ndarray) -> float:
    """Return the mean over pairs of -log(sigmoid(chosen - rejected))."""
    raise NotImplementedError


def bradley_terry_grad(chosen_rewards: np.ndarray, rejected_rewards: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the gradient of bradley_terry_loss with respect to both reward arrays."""
    raise NotImplementedError


def reward_accuracy(chosen_rewards: np.ndarray, rejected_rewards: np.ndarray) -> float:
    """Return the fraction of pairs whose chosen reward is strictly greater."""
    raise NotImplementedError
