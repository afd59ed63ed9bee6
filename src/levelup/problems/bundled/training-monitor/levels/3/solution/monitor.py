"""Loss-spike and divergence detection, gradient clipping by global norm, and NaN/Inf localisation."""

import math
from collections import deque

import numpy as np


def global_norm(grads: dict[str, np.ndarray]) -> float:
    return math.sqrt(sum(float(np.sum(np.square(g, dtype=np.float64))) for g in grads.values()))


def clip_by_global_norm(grads: dict[str, np.ndarray], max_norm: float) -> tuple[dict[str, np.ndarray], float]:
    if max_norm <= 0:
        raise ValueError("max_norm must be positive")
    norm = global_norm(grads)
    # The same small epsilon as torch.nn.utils.clip_grad_norm_, which keeps the division finite.
    scale = min(1.0, max_norm / (norm + 1e-6))
    return {name: (g * scale).astype(g.dtype) for name, g in grads.items()}, norm


class LossMonitor:
    def __init__(
        self,
        beta: float = 0.9,
        spike_ratio: float = 1.5,
        warmup_steps: int = 5,
        divergence_ratio: float = 2.0,
        patience: int = 10,
    ) -> None:
        if not 0 <= beta < 1 or spike_ratio <= 1 or warmup_steps < 1:
            raise ValueError("need 0 <= beta < 1, spike_ratio > 1 and warmup_steps >= 1")
        if divergence_ratio <= 1 or patience < 1:
            raise ValueError("need divergence_ratio > 1 and patience >= 1")
        self.beta = beta
        self.spike_ratio = spike_ratio
        self.warmup_steps = warmup_steps
        self.divergence_ratio = divergence_ratio
        self.ema: float | None = None
        self.best_ema: float | None = None
        self.observed = 0
        self.last_step: int | None = None
        self.spike_steps: list[int] = []
        self.recent: deque[float] = deque(maxlen=patience)
        self.layers: list[str] = []
        self.first_report: dict | None = None

    def observe(self, step: int, loss: float) -> bool:
        if self.last_step is not None and step <= self.last_step:
            raise ValueError(f"step {step} does not come after step {self.last_step}")
        self.last_step = step
        self.observed += 1
        self.recent.append(loss)
        # NaN compares False with everything, so a non-finite loss must be caught before the ratio test.
        if not math.isfinite(loss) or (
            self.ema is not None and self.observed > self.warmup_steps and loss > self.spike_ratio * self.ema
        ):
            self.spike_steps.append(step)
            return True
        self.ema = loss if self.ema is None else self.beta * self.ema + (1 - self.beta) * loss
        self.best_ema = self.ema if self.best_ema is None else min(self.best_ema, self.ema)
        return False

    def current_ema(self) -> float | None:
        return self.ema

    def spikes(self) -> list[int]:
        return list(self.spike_steps)

    def diverged(self) -> bool:
        if self.best_ema is None or len(self.recent) < self.recent.maxlen:
            return False
        threshold = self.divergence_ratio * self.best_ema
        return all(not math.isfinite(loss) or loss > threshold for loss in self.recent)

    def report(self) -> dict:
        return {
            "observed": self.observed,
            "spikes": len(self.spike_steps),
            "ema": self.ema,
            "best_ema": self.best_ema,
            "diverged": self.diverged(),
        }

    def set_layer_order(self, names: list[str]) -> None:
        if len(set(names)) != len(names):
            raise ValueError("layer names must be unique")
        self.layers = list(names)

    def inspect(self, step: int, activations: dict[str, np.ndarray], gradients: dict[str, np.ndarray]) -> dict | None:
        unknown = (set(activations) | set(gradients)) - set(self.layers)
        if unknown:
            raise ValueError(f"layers not in the layer order: {sorted(unknown)}")
        # The forward pass runs first, layer by layer; the backward pass then runs in reverse.
        candidates = [("activation", name, activations) for name in self.layers] + [
            ("gradient", name, gradients) for name in reversed(self.layers)
        ]
        for kind, name, arrays in candidates:
            if name in arrays and not np.all(np.isfinite(arrays[name])):
                values = np.asarray(arrays[name])
                report = {
                    "step": step,
                    "kind": kind,
                    "layer": name,
                    "nan": int(np.isnan(values).sum()),
                    "inf": int(np.isinf(values).sum()),
                }
                if self.first_report is None:
                    self.first_report = report
                return report
        return None

    def first_nonfinite(self) -> dict | None:
        return None if self.first_report is None else dict(self.first_report)
