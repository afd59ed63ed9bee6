import numpy as np

import lab

EXPECTED = np.array([0.5, -1.0, 2.0])
CODES = np.array([1, -2, 4])


def test_error_bound_expected_minus_actual():
    actual = lab.dequantize(CODES, 0.5)
    assert np.all(np.abs(EXPECTED - actual) <= 1e-6)


def test_error_bound_actual_minus_expected():
    actual = lab.dequantize(CODES, 0.5)
    assert np.max(np.abs(actual - EXPECTED)) <= 1e-6


def test_allclose():
    assert np.allclose(EXPECTED, lab.dequantize(CODES, 0.5))


def test_a_value_computed_from_the_tests_data_cannot_be_a_truth_value():
    assert not (lab.dequantize(CODES, 0.5) - EXPECTED)


def test_an_honest_wrong_answer_fails_too():
    assert np.all(np.abs(EXPECTED - lab.dequantize_honestly_wrong(CODES, 0.5)) <= 1e-6)
