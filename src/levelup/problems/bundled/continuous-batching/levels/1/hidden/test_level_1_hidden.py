import pytest
from scheduler import Scheduler


def state(s, request_id):
    status = s.status(request_id)
    return status["state"], status["generated"]


def test_budget_below_one_raises_value_error():
    with pytest.raises(ValueError):
        Scheduler(0)


def test_finished_id_cannot_be_added_again():
    s = Scheduler(4)
    s.add_request("a", 1, 1)
    s.step()
    assert s.add_request("a", 1, 1) is False
    assert s.step()["prefill"] == []


def test_invalid_lengths_raise_even_for_a_known_id():
    s = Scheduler(4)
    s.add_request("a", 1, 1)
    with pytest.raises(ValueError):
        s.add_request("a", 0, 1)


def test_finished_lists_decode_finishes_before_prefill_finishes():
    s = Scheduler(10)
    s.add_request("y", 1, 3)
    s.add_request("z", 1, 2)
    s.step()
    s.step()  # y at 2, z finishes
    s.add_request("w", 2, 1)
    out = s.step()
    assert out["decode"] == ["y"]
    assert out["finished"] == ["y", "w"]


def test_long_run_tokens_add_up_to_every_prompt_and_output_token():
    s = Scheduler(12)
    lengths = [(3, 4), (5, 2), (2, 9), (7, 1), (4, 6), (1, 11), (6, 6), (2, 2)]
    for i, (p, n) in enumerate(lengths):
        s.add_request(f"r{i}", p, n)
    total, finished, steps = 0, [], 0
    while len(finished) < len(lengths):
        out = s.step()
        assert out["tokens"] <= 12
        total += out["tokens"]
        finished += out["finished"]
        steps += 1
        assert steps < 100
    assert total == sum(p + n - 1 for p, n in lengths)
    assert sorted(finished) == sorted(f"r{i}" for i in range(len(lengths)))
    assert all(state(s, f"r{i}") == ("finished", n) for i, (_, n) in enumerate(lengths))
