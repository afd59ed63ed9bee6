import numpy as np
import pytest
import quant
from numpy.testing import assert_allclose, assert_array_equal


def test_every_byte_unpacks_and_repacks_bit_exactly():
    every_byte = np.arange(256, dtype=np.uint8)
    codes = quant.unpack_int4(every_byte)
    assert len(codes) == 512
    assert_array_equal(codes[0::2], (np.arange(256) & 0xF) - 16 * ((np.arange(256) & 0xF) >= 8))
    assert_array_equal(codes[1::2], (np.arange(256) >> 4) - 16 * ((np.arange(256) >> 4) >= 8))
    assert_array_equal(quant.pack_int4(codes), every_byte)


def test_group_size_must_be_positive_and_even():
    x = np.ones(8)
    for bad in (0, -4, 3):
        with pytest.raises(ValueError):
            quant.quantize_4bit(x, bad)
        with pytest.raises(ValueError):
            quant.footprint_bytes((8,), bad)


def test_outlier_only_coarsens_its_own_group():
    x = np.random.default_rng(2).normal(size=64)
    baseline_packed, baseline_scales, _ = quant.quantize_4bit(x, 16)
    x[37] = 500.0
    packed, scales, _ = quant.quantize_4bit(x, 16)
    assert_array_equal(scales[[0, 1, 3]], baseline_scales[[0, 1, 3]])
    assert scales[2] == np.float32(500.0 / 7)
    assert_array_equal(packed[:16], baseline_packed[:16])
    assert_array_equal(packed[24:], baseline_packed[24:])


def test_padding_does_not_change_last_group_scale_and_is_dropped():
    x = np.array([1.0, -2.0, 0.5, 3.0, -7.0, 0.25, 2.0, -1.0, 0.7, -0.35])
    packed, scales, shape = quant.quantize_4bit(x, 4)
    assert len(scales) == 3
    assert len(packed) == 6
    assert scales[2] == np.float32(0.7 / 7)
    out = quant.dequantize_4bit(packed, scales, shape)
    assert out.shape == (10,)
    assert np.all(np.abs(x - out) <= np.repeat(scales.astype(np.float64), 4)[:10] / 2 * (1 + 1e-5))


def test_all_zero_input_gets_unit_scales_and_zero_output():
    packed, scales, shape = quant.quantize_4bit(np.zeros((3, 5)), 6)
    assert_array_equal(scales, np.ones(3, dtype=np.float32))
    assert_array_equal(packed, np.zeros(9, dtype=np.uint8))
    assert_array_equal(quant.dequantize_4bit(packed, scales, shape), np.zeros((3, 5), dtype=np.float32))


def test_footprint_matches_quantize_output_sizes():
    rng = np.random.default_rng(3)
    for shape, group_size in (((7, 9), 8), ((100,), 64), ((33, 65), 128), ((1, 1), 2)):
        packed, scales, _ = quant.quantize_4bit(rng.normal(size=shape), group_size)
        assert quant.footprint_bytes(shape, group_size) == len(packed) + 4 * len(scales)
    assert_allclose(quant.footprint_bytes((4096, 4096), 64) * 8 / 4096**2, 4.5)
