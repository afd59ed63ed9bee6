import numpy as np

QMAX = 127


def absmax_scale(x: np.ndarray) -> float:
    x = np.asarray(x, dtype=np.float64)
    if x.size == 0:
        raise ValueError("cannot quantize an empty array")
    absmax = float(np.max(np.abs(x)))
    # An all-zero tensor has no range; 1.0 keeps x / scale defined and every q at 0.
    return absmax / QMAX if absmax > 0 else 1.0


def quantize_int8(x: np.ndarray, scale: float) -> np.ndarray:
    if not (scale > 0 and np.isfinite(scale)):
        raise ValueError(f"scale must be a positive finite number, got {scale}")
    x = np.asarray(x, dtype=np.float64)
    return np.clip(np.round(x / scale), -QMAX, QMAX).astype(np.int8)


def quantize_absmax(x: np.ndarray) -> tuple[np.ndarray, float]:
    scale = absmax_scale(x)
    return quantize_int8(x, scale), scale


def dequantize(q: np.ndarray, scale: float) -> np.ndarray:
    return np.asarray(q, dtype=np.float64) * scale
