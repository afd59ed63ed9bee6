"""Loss-spike detection against an exponential moving average of the loss."""


class LossMonitor:
    def __init__(self, beta: float = 0.9, spike_ratio: float = 1.5, warmup_steps: int = 5) -> None:
        if not 0 <= beta < 1 or spike_ratio <= 1 or warmup_steps < 1:
            raise ValueError("need 0 <= beta < 1, spike_ratio > 1 and warmup_steps >= 1")
        self.beta = beta
        self.spike_ratio = spike_ratio
        self.warmup_steps = warmup_steps
        self.ema: float | None = None
        self.observed = 0
        self.last_step: int | None = None
        self.spike_steps: list[int] = []

    def observe(self, step: int, loss: float) -> bool:
        if self.last_step is not None and step <= self.last_step:
            raise ValueError(f"step {step} does not come after step {self.last_step}")
        self.last_step = step
        self.observed += 1
        if self.ema is not None and self.observed > self.warmup_steps and loss > self.spike_ratio * self.ema:
            self.spike_steps.append(step)
            return True
        self.ema = loss if self.ema is None else self.beta * self.ema + (1 - self.beta) * loss
        return False

    def current_ema(self) -> float | None:
        return self.ema

    def spikes(self) -> list[int]:
        return list(self.spike_steps)
