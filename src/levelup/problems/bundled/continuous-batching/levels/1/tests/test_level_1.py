import pytest
from scheduler import Scheduler


def state(s, request_id):
    status = s.status(request_id)
    return status["state"], status["generated"]


def test_add_request_returns_true_then_false_for_a_known_id():
    s = Scheduler(10)
    assert s.add_request("a", 4, 2) is True
    assert s.add_request("a", 1, 1) is False
    assert state(s, "a") == ("waiting", 0)


def test_request_longer_than_the_budget_raises_value_error():
    s = Scheduler(10)
    with pytest.raises(ValueError):
        s.add_request("d", 6, 5)
    assert s.add_request("d", 6, 4) is True


def test_zero_lengths_raise_value_error():
    s = Scheduler(10)
    with pytest.raises(ValueError):
        s.add_request("a", 0, 3)
    with pytest.raises(ValueError):
        s.add_request("b", 3, 0)


def test_first_step_admits_in_arrival_order_while_prompts_fit():
    s = Scheduler(10)
    s.add_request("a", 4, 2)
    s.add_request("b", 3, 3)
    s.add_request("c", 5, 1)
    out = s.step()
    assert out["prefill"] == ["a", "b"]
    assert out["decode"] == []
    assert out["finished"] == []
    assert out["tokens"] == 7
    assert state(s, "c") == ("waiting", 0)


def test_worked_example_step_by_step():
    s = Scheduler(10)
    s.add_request("a", 4, 2)
    s.add_request("b", 3, 3)
    s.add_request("c", 5, 1)
    s.step()
    out = s.step()
    assert (out["prefill"], out["decode"], out["finished"], out["tokens"]) == (
        ["c"],
        ["a", "b"],
        ["a", "c"],
        7,
    )
    out = s.step()
    assert (out["prefill"], out["decode"], out["finished"], out["tokens"]) == ([], ["b"], ["b"], 1)
    assert state(s, "b") == ("finished", 3)


def test_admitted_request_generates_its_first_token_at_prefill():
    s = Scheduler(10)
    s.add_request("a", 5, 3)
    s.step()
    assert state(s, "a") == ("running", 1)
    s.step()
    assert state(s, "a") == ("running", 2)


def test_request_wanting_one_token_finishes_at_its_prefill():
    s = Scheduler(10)
    s.add_request("a", 5, 1)
    out = s.step()
    assert out["prefill"] == ["a"]
    assert out["finished"] == ["a"]
    assert state(s, "a") == ("finished", 1)
    assert s.step()["decode"] == []


def test_decodes_use_the_budget_before_admission():
    s = Scheduler(8)
    s.add_request("a", 2, 5)
    s.add_request("b", 2, 5)
    s.step()  # a and b admitted (4 tokens)
    s.add_request("c", 7, 1)
    out = s.step()  # 2 decodes leave 6 < 7
    assert out["prefill"] == []
    assert out["tokens"] == 2
    assert s.status("c")["state"] == "waiting"


def test_smaller_request_never_overtakes_the_front_of_the_queue():
    s = Scheduler(10)
    s.add_request("a", 6, 4)
    s.add_request("b", 2, 5)
    s.step()  # both admitted: 8 tokens
    s.add_request("huge", 9, 1)
    s.add_request("tiny", 1, 1)
    out = s.step()  # 2 decodes leave 8: "huge" does not fit, so "tiny" may not jump ahead
    assert out["prefill"] == []
    assert s.status("tiny")["state"] == "waiting"
    s.step()
    s.step()  # a finishes in this step's decode phase
    out = s.step()  # b decodes and finishes; 9 left: "huge" fits, then nothing is left
    assert out["prefill"] == ["huge"]
    assert s.step()["prefill"] == ["tiny"]


def test_admission_may_use_the_budget_exactly():
    s = Scheduler(10)
    s.add_request("long", 6, 4)
    s.step()
    s.add_request("next", 8, 2)
    s.add_request("small", 1, 1)
    out = s.step()  # 1 decode leaves 9: "next" (8) and then "small" (1) fill it exactly
    assert out["prefill"] == ["next", "small"]
    assert out["tokens"] == 10


def test_empty_step_does_nothing():
    s = Scheduler(5)
    out = s.step()
    assert (out["prefill"], out["decode"], out["finished"], out["tokens"]) == ([], [], [], 0)


def test_status_of_unknown_request_raises_key_error():
    s = Scheduler(5)
    with pytest.raises(KeyError):
        s.status("ghost")
