"""Training monitor: fill in the methods described in SPEC.md."""


class LossMonitor:
    def __init__(self, beta: float = 0.9, spike_ratio: float = 1.5, warmup_steps: int = 5) -> None:
        """Create a monitor that has observed nothing yet."""

    def observe(self, step: int, loss: float) -> bool:
        """Record the loss of `step`; True if it is a spike."""
        raise NotImplementedError

    def current_ema(self) -> float | None:
        """The moving average of the non-spike losses, or None before the first one."""
        raise NotImplementedError

    def spikes(self) -> list[int]:
        """The steps flagged as spikes, in the order they were observed."""
        raise NotImplementedError
