from unittest import mock

import lab
import pytest


def increment(n):
    return n + 1


def test_functions_lambdas_and_builtin_methods():
    assert lab.apply(increment, [1, 2]) == [2, 3]
    assert lab.apply(lambda word: word * 2, ["a"]) == ["aa"]
    assert lab.apply(str.upper, ["abc"]) == ["ABC"]


def test_a_key_function_receives_the_candidates_objects():
    assert lab.youngest_first(lab.people(), key=lambda person: person.age) == ["Grace", "Ada"]


def test_a_mock_records_its_calls():
    callback = mock.MagicMock()
    assert lab.notify(callback, "hello") == "sent"
    callback.assert_called_once_with("hello")


def test_a_callback_may_call_the_candidates_code_again():
    assert lab.twice(lambda n: lab.add(n, 10), 1) == 21


def test_an_exception_in_a_callback_reaches_the_caller():
    def refuse(message):
        raise ValueError("no thanks")

    with pytest.raises(ValueError):
        lab.notify(refuse, "hello")
