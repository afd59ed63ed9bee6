"""Loss-spike and divergence detection, gradient clipping, NaN/Inf localisation, and a
skip-and-rollback policy that rewinds the monitor to its state at a good checkpoint."""

import copy
import math
from collections import deque
from dataclasses import dataclass, field

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


@dataclass
class State:
    """Everything a rollback rewinds: the monitor as it was after one step."""

    recent: deque[tuple[float, int | None]]  # (loss, batch id) of the last observations
    ema: float | None = None
    best_ema: float | None = None
    observed: int = 0
    last_step: int | None = None
    spike_steps: list[int] = field(default_factory=list)
    streak: list[int] = field(default_factory=list)  # steps of the current run of spikes


class LossMonitor:
    def __init__(
        self,
        beta: float = 0.9,
        spike_ratio: float = 1.5,
        warmup_steps: int = 5,
        divergence_ratio: float = 2.0,
        patience: int = 10,
        max_spike_streak: int = 3,
        lr_decay: float = 0.5,
        skip_before: int = 0,
    ) -> None:
        if not 0 <= beta < 1 or spike_ratio <= 1 or warmup_steps < 1:
            raise ValueError("need 0 <= beta < 1, spike_ratio > 1 and warmup_steps >= 1")
        if divergence_ratio <= 1 or patience < 1:
            raise ValueError("need divergence_ratio > 1 and patience >= 1")
        if max_spike_streak < 1 or not 0 < lr_decay <= 1 or skip_before < 0:
            raise ValueError("need max_spike_streak >= 1, 0 < lr_decay <= 1 and skip_before >= 0")
        self.beta = beta
        self.spike_ratio = spike_ratio
        self.warmup_steps = warmup_steps
        self.divergence_ratio = divergence_ratio
        self.patience = patience
        self.max_spike_streak = max_spike_streak
        self.lr_decay = lr_decay
        self.skip_before = skip_before
        self.state = State(recent=deque(maxlen=max(patience, skip_before + max_spike_streak)))
        self.checkpoints: dict[int, State] = {}
        self.skipped: set[int] = set()
        self.rollbacks = 0
        self.layers: list[str] = []
        self.first_report: dict | None = None

    def observe(self, step: int, loss: float, batch_id: int | None = None) -> bool:
        state = self.state
        if state.last_step is not None and step <= state.last_step:
            raise ValueError(f"step {step} does not come after step {state.last_step}")
        state.last_step = step
        state.observed += 1
        state.recent.append((loss, batch_id))
        # NaN compares False with everything, so a non-finite loss must be caught before the ratio test.
        if not math.isfinite(loss) or (
            state.ema is not None and state.observed > self.warmup_steps and loss > self.spike_ratio * state.ema
        ):
            state.spike_steps.append(step)
            state.streak.append(step)
            return True
        state.streak = []
        state.ema = loss if state.ema is None else self.beta * state.ema + (1 - self.beta) * loss
        state.best_ema = state.ema if state.best_ema is None else min(state.best_ema, state.ema)
        return False

    def current_ema(self) -> float | None:
        return self.state.ema

    def spikes(self) -> list[int]:
        return list(self.state.spike_steps)

    def diverged(self) -> bool:
        losses = [loss for loss, _ in self.state.recent][-self.patience :]
        if self.state.best_ema is None or len(losses) < self.patience:
            return False
        threshold = self.divergence_ratio * self.state.best_ema
        return all(not math.isfinite(loss) or loss > threshold for loss in losses)

    def report(self) -> dict:
        return {
            "observed": self.state.observed,
            "spikes": len(self.state.spike_steps),
            "ema": self.state.ema,
            "best_ema": self.state.best_ema,
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

    def checkpoint(self, step: int) -> None:
        if self.state.last_step is None or step != self.state.last_step:
            raise ValueError("a checkpoint is taken right after the last observed step")
        self.checkpoints[step] = copy.deepcopy(self.state)

    def should_skip(self, batch_id: int) -> bool:
        return batch_id in self.skipped

    def lr_scale(self) -> float:
        return self.lr_decay**self.rollbacks

    def on_step(self, step: int, loss: float, batch_id: int) -> dict:
        if not self.observe(step, loss, batch_id):
            return {"action": "ok", "lr_scale": self.lr_scale(), "resume_from": None}
        streak = self.state.streak
        if len(streak) < self.max_spike_streak:
            return {"action": "skip", "lr_scale": self.lr_scale(), "resume_from": None}
        good = [s for s in self.checkpoints if s < streak[0]]
        if not good:
            return {"action": "halt", "lr_scale": self.lr_scale(), "resume_from": None}
        # Skip the spiking batches and the `skip_before` batches trained right before them.
        batches = list(self.state.recent)[-(len(streak) + self.skip_before) :]
        self.skipped |= {batch for _, batch in batches if batch is not None}
        resume_from = max(good)
        self.rollbacks += 1
        self.state = copy.deepcopy(self.checkpoints[resume_from])
        # Checkpoints after the resume point belong to the abandoned stretch of training.
        self.checkpoints = {s: state for s, state in self.checkpoints.items() if s <= resume_from}
        return {"action": "rollback", "lr_scale": self.lr_scale(), "resume_from": resume_from}
