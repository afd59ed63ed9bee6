import lab
import pytest


def test_builtin_base_matches():
    with pytest.raises(ValueError, match="cannot withdraw 5 from 3"):
        lab.withdraw(3, 5)


def test_candidate_class_matches():
    with pytest.raises(lab.InsufficientFunds):
        lab.withdraw(3, 5)


def test_key_error_keeps_its_argument():
    with pytest.raises(KeyError) as excinfo:
        lab.lookup("missing")
    assert excinfo.value.args == ("missing",)


def test_no_exception_means_pytest_raises_fails():
    with pytest.raises(ValueError):
        lab.withdraw(5, 3)
