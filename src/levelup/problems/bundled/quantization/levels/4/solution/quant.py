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


def int8_matmul(qa: np.ndarray, qb: np.ndarray) -> np.ndarray:
    qa = np.asarray(qa)
    qb = np.asarray(qb)
    if qa.ndim != 2 or qb.ndim != 2 or qa.shape[1] != qb.shape[0]:
        raise ValueError(f"cannot multiply shapes {qa.shape} and {qb.shape}")
    # int8 @ int8 in numpy stays int8 and wraps; widen first so the sums accumulate in int32.
    return qa.astype(np.int32) @ qb.astype(np.int32)


def _check_linear(x: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    if x.ndim != 2 or w.ndim != 2 or x.shape[1] != w.shape[0] or x.size == 0 or w.size == 0:
        raise ValueError(f"cannot multiply shapes {x.shape} and {w.shape}")
    return x, w


def quantized_linear(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    x, w = _check_linear(x, w)
    qx, row_scales = quantize_absmax(x, axis=0)
    qw, col_scales = quantize_absmax(w, axis=1)
    return int8_matmul(qx, qw) * row_scales[:, None] * col_scales[None, :]


def outlier_columns(x: np.ndarray, threshold: float = 6.0) -> list[int]:
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2 or x.size == 0:
        raise ValueError(f"expected a non-empty 2-D array, got shape {x.shape}")
    return [int(j) for j in np.flatnonzero(np.max(np.abs(x), axis=0) > threshold)]


def mixed_precision_linear(x: np.ndarray, w: np.ndarray, threshold: float = 6.0) -> np.ndarray:
    x, w = _check_linear(x, w)
    outliers = outlier_columns(x, threshold)
    outlier_set = set(outliers)
    regular = [j for j in range(x.shape[1]) if j not in outlier_set]
    out = x[:, outliers] @ w[outliers, :]
    if regular:
        out = out + quantized_linear(x[:, regular], w[regular, :])
    return out


QMAX_4BIT = 7


def pack_int4(q: np.ndarray) -> np.ndarray:
    q = np.asarray(q)
    if q.ndim != 1 or q.size % 2 != 0:
        raise ValueError(f"expected a 1-D array of even length, got shape {q.shape}")
    if q.size and (q.min() < -8 or q.max() > 7):
        raise ValueError("4-bit values must lie in [-8, 7]")
    # The low 4 bits of a two's-complement integer are its 4-bit two's-complement code.
    nibbles = (q.astype(np.int16) & 0x0F).astype(np.uint8)
    return nibbles[0::2] | (nibbles[1::2] << 4)


def unpack_int4(packed: np.ndarray) -> np.ndarray:
    packed = np.asarray(packed, dtype=np.uint8)
    if packed.ndim != 1:
        raise ValueError(f"expected a 1-D array, got shape {packed.shape}")
    nibbles = np.stack([packed & 0x0F, packed >> 4], axis=1).reshape(-1).astype(np.int8)
    return np.where(nibbles >= 8, nibbles - 16, nibbles).astype(np.int8)


def _check_group_size(group_size: int) -> None:
    if group_size <= 0 or group_size % 2 != 0:
        raise ValueError(f"group_size must be a positive even integer, got {group_size}")


def quantize_4bit(x: np.ndarray, group_size: int) -> tuple[np.ndarray, np.ndarray, tuple[int, ...]]:
    x = np.asarray(x, dtype=np.float64)
    if x.ndim not in (1, 2) or x.size == 0:
        raise ValueError(f"expected a non-empty 1-D or 2-D array, got shape {x.shape}")
    _check_group_size(group_size)
    flat = x.reshape(-1)
    groups = np.concatenate([flat, np.zeros(-flat.size % group_size)]).reshape(-1, group_size)
    absmax = np.max(np.abs(groups), axis=1)
    scales = np.where(absmax > 0, absmax / QMAX_4BIT, 1.0).astype(np.float32)
    # Quantize with the stored float32 scales so dequantization uses exactly what was divided by.
    q = np.clip(np.round(groups / scales[:, None].astype(np.float64)), -QMAX_4BIT, QMAX_4BIT)
    return pack_int4(q.astype(np.int8).reshape(-1)), scales, tuple(x.shape)


def dequantize_4bit(packed: np.ndarray, scales: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    scales = np.asarray(scales, dtype=np.float32)
    q = unpack_int4(packed)
    size = int(np.prod(shape))
    if scales.ndim != 1 or scales.size == 0 or q.size % scales.size != 0 or size > q.size:
        raise ValueError("packed data, scales and shape do not fit together")
    values = q.reshape(scales.size, -1) * scales[:, None]
    return values.reshape(-1)[:size].reshape(tuple(shape))


def footprint_bytes(shape: tuple[int, ...], group_size: int) -> int:
    _check_group_size(group_size)
    size = int(np.prod(shape))
    num_groups = -(-size // group_size)
    return num_groups * group_size // 2 + 4 * num_groups
