import numpy as np


def absmax_scale(x: np.ndarray) -> float:
    """Return max(|x|) / 127 computed in float64, or 1.0 if every entry is zero."""
    raise NotImplementedError


def quantize_int8(x: np.ndarray, scale: float) -> np.ndarray:
    """Return round(x / scale), half to even, clipped to [-127, 127], as an int8 array."""
    raise NotImplementedError


def quantize_absmax(x: np.ndarray) -> tuple[np.ndarray, float]:
    """Return (q, scale): x quantized to int8 with its own absmax scale."""
    raise NotImplementedError


def dequantize(q: np.ndarray, scale: float) -> np.ndarray:
    """Return q * scale as a float64 array."""
    raise NotImplementedError
