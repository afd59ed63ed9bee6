import pytest
from brew import steep_minutes


def test_unknown_tea_is_a_key_error():
    with pytest.raises(KeyError):
        steep_minutes("rooibos")
