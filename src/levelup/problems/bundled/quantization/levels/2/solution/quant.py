import numpy as np

QMAX = 127
UINT8_MAX = 255


def absmax_scale(x: np.ndarray, axis: int | None = None) -> float | np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    if x.size == 0:
        raise ValueError("cannot quantize an empty array")
    if axis is None:
        absmax = np.max(np.abs(x))
    else:
        # Channels first, then one row of values per channel.
        channels = np.moveaxis(x, _channel_axis(x, axis), 0)
        absmax = np.max(np.abs(channels.reshape(len(channels), -1)), axis=1)
    # An all-zero tensor (or channel) has no range; 1.0 keeps x / scale defined and every q at 0.
    scale = np.where(absmax > 0, absmax / QMAX, 1.0)
    return float(scale) if axis is None else scale


def quantize_int8(x: np.ndarray, scale: float | np.ndarray, axis: int | None = None) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    return np.clip(np.round(x / _broadcast_scale(scale, x, axis)), -QMAX, QMAX).astype(np.int8)


def quantize_absmax(x: np.ndarray, axis: int | None = None) -> tuple[np.ndarray, float | np.ndarray]:
    scale = absmax_scale(x, axis)
    return quantize_int8(x, scale, axis), scale


def dequantize(q: np.ndarray, scale: float | np.ndarray, axis: int | None = None) -> np.ndarray:
    q = np.asarray(q, dtype=np.float64)
    return q * _broadcast_scale(scale, q, axis)


def _channel_axis(x: np.ndarray, axis: int) -> int:
    if not -x.ndim <= axis < x.ndim:
        raise ValueError(f"axis {axis} is out of range for an array of shape {x.shape}")
    return axis % x.ndim


def _broadcast_scale(scale: float | np.ndarray, x: np.ndarray, axis: int | None) -> np.ndarray:
    """Check the scale(s) and shape them to broadcast against x along the channel axis."""
    scale = np.asarray(scale, dtype=np.float64)
    if not np.all((scale > 0) & np.isfinite(scale)):
        raise ValueError(f"every scale must be a positive finite number, got {scale}")
    if axis is None:
        if scale.ndim != 0:
            raise ValueError("pass axis=... to use one scale per channel")
        return scale
    axis = _channel_axis(x, axis)
    if scale.shape != (x.shape[axis],):
        raise ValueError(f"need {x.shape[axis]} scales for axis {axis} of {x.shape}, got shape {scale.shape}")
    shape = [1] * x.ndim
    shape[axis] = x.shape[axis]
    return scale.reshape(shape)


def quantize_asymmetric(x: np.ndarray) -> tuple[np.ndarray, float, int]:
    x = np.asarray(x, dtype=np.float64)
    if x.size == 0:
        raise ValueError("cannot quantize an empty array")
    # The range always contains 0.0, so zero (padding, ReLU outputs) is exactly representable.
    low = min(float(np.min(x)), 0.0)
    high = max(float(np.max(x)), 0.0)
    scale = (high - low) / UINT8_MAX if high > low else 1.0
    zero_point = int(np.clip(np.round(-low / scale), 0, UINT8_MAX))
    q = np.clip(np.round(x / scale) + zero_point, 0, UINT8_MAX).astype(np.uint8)
    return q, scale, zero_point


def dequantize_asymmetric(q: np.ndarray, scale: float, zero_point: int) -> np.ndarray:
    return (np.asarray(q, dtype=np.float64) - zero_point) * scale
