import inspect

import lab
import pytest


def test_a_generator_is_a_generator():
    assert inspect.isgenerator(lab.countdown(3))


def test_next_then_list_continues_where_next_stopped():
    numbers = lab.countdown(3)
    assert next(numbers) == 3
    assert list(numbers) == [2, 1]


def test_send_reaches_the_generator():
    conversation = lab.echo()
    assert next(conversation) == "ready"
    assert conversation.send("hello") == "got hello"
    conversation.close()


def test_the_return_value_arrives_with_stop_iteration():
    numbers = lab.squares(1)
    assert next(numbers) == 0
    with pytest.raises(StopIteration) as stop:
        next(numbers)
    assert stop.value.value == "done"
