import numpy as np
import pytest
import quant
from numpy.testing import assert_allclose, assert_array_equal


def test_pack_int4_puts_earlier_code_in_low_nibble():
    packed = quant.pack_int4(np.array([7, -4, 1, 0], dtype=np.int8))
    assert packed.dtype == np.uint8
    assert_array_equal(packed, [0xC7, 0x01])


def test_pack_int4_uses_twos_complement_nibbles():
    packed = quant.pack_int4(np.array([-1, -8, 5, -6, 0, -2], dtype=np.int8))
    assert_array_equal(packed, [0x8F, 0xA5, 0xE0])


def test_unpack_int4_sign_extends_in_original_order():
    out = quant.unpack_int4(np.array([0x8F, 0xA5, 0x70], dtype=np.uint8))
    assert out.dtype == np.int8
    assert_array_equal(out, [-1, -8, 5, -6, 0, 7])


def test_pack_then_unpack_is_bit_exact_for_all_16_codes():
    codes = np.array([-8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7] * 2, dtype=np.int8)
    codes[16:] = codes[16:][::-1]
    assert_array_equal(quant.unpack_int4(quant.pack_int4(codes)), codes)


def test_pack_int4_rejects_odd_length_and_out_of_range_codes():
    with pytest.raises(ValueError):
        quant.pack_int4(np.array([1, 2, 3], dtype=np.int8))
    with pytest.raises(ValueError):
        quant.pack_int4(np.array([8, 0], dtype=np.int8))
    with pytest.raises(ValueError):
        quant.pack_int4(np.array([0, -9], dtype=np.int8))


def test_quantize_4bit_hand_example():
    x = np.array([3.5, -1.75, 0.5, 0.0, 7.0, -3.0, 1.0, 0.0])
    packed, scales, shape = quant.quantize_4bit(x, 4)
    assert packed.dtype == np.uint8
    assert_array_equal(packed, [199, 1, 215, 1])
    assert scales.dtype == np.float32
    assert_array_equal(scales, np.array([0.5, 1.0], dtype=np.float32))
    assert tuple(shape) == (8,)


def test_quantize_4bit_scales_are_float32_group_absmax_over_7():
    x = np.random.default_rng(0).normal(size=96)
    _, scales, _ = quant.quantize_4bit(x, 32)
    expected = (np.max(np.abs(x.reshape(3, 32)), axis=1) / 7).astype(np.float32)
    assert scales.dtype == np.float32
    assert_array_equal(scales, expected)


def test_quantize_4bit_flattens_row_major_and_pads_with_zeros():
    packed, scales, shape = quant.quantize_4bit(np.arange(6.0).reshape(2, 3), 4)
    assert tuple(shape) == (2, 3)
    assert len(packed) == 4
    assert_array_equal(scales, np.array([3 / 7, 5 / 7], dtype=np.float32))
    codes = quant.unpack_int4(packed)
    assert_array_equal(codes[6:], [0, 0])
    assert_array_equal(codes[:6], [0, 2, 5, 7, 6, 7])


def test_dequantize_4bit_restores_shape_as_float32():
    x = np.arange(6.0).reshape(2, 3)
    packed, scales, shape = quant.quantize_4bit(x, 4)
    out = quant.dequantize_4bit(packed, scales, shape)
    assert out.dtype == np.float32
    assert out.shape == (2, 3)
    expected = np.array([0, 2, 5, 7, 6, 7], dtype=np.float32) * np.repeat(scales, 4)[:6]
    assert_allclose(out, expected.reshape(2, 3), rtol=1e-6)


def test_dequantize_4bit_hand_example():
    packed = np.array([199, 1, 215, 1], dtype=np.uint8)
    scales = np.array([0.5, 1.0], dtype=np.float32)
    out = quant.dequantize_4bit(packed, scales, (8,))
    assert_allclose(out, [3.5, -2.0, 0.5, 0.0, 7.0, -3.0, 1.0, 0.0], rtol=1e-6)


def test_4bit_error_is_within_half_of_group_scale():
    x = np.random.default_rng(1).normal(size=(12, 40))
    packed, scales, shape = quant.quantize_4bit(x, 64)
    out = quant.dequantize_4bit(packed, scales, shape)
    group_scale = np.repeat(scales.astype(np.float64), 64)[: x.size].reshape(x.shape)
    assert np.all(np.abs(x - out) <= group_scale / 2 * (1 + 1e-5))


def test_footprint_bytes_counts_packed_codes_and_float32_scales():
    assert quant.footprint_bytes((10,), 4) == 18
    assert quant.footprint_bytes((4096, 4096), 64) == 9437184
    assert quant.footprint_bytes((2, 3), 4) == 12
