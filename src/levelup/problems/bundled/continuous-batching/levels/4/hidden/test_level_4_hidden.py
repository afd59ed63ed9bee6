import pytest
from scheduler import Scheduler


def test_max_wait_steps_below_one_raises_value_error():
    with pytest.raises(ValueError):
        Scheduler(10, max_wait_steps=0)


def test_value_error_comes_before_unknown_tenant_and_known_id():
    s = Scheduler(10)
    s.add_request("a", 1, 1)
    with pytest.raises(ValueError):
        s.add_request("a", 0, 1, "ghost")
    with pytest.raises(KeyError):
        s.add_request("a", 1, 1, "ghost")
    assert s.add_request("a", 1, 1) is False


def test_starving_requests_are_admitted_in_arrival_order_across_tenants():
    s = Scheduler(6, max_wait_steps=1)
    s.add_tenant("t", 1)
    s.add_request("hog", 4, 2)
    s.add_request("d1", 4, 1)
    s.add_request("t1", 3, 1, "t")
    s.step()  # hog admitted (default service 4); t has share 0 but t1 needs 3 of the 2 left: stop
    out = s.step()  # both waited 1 step: d1 was added first and goes first despite the larger share
    assert out["prefill"] == ["d1"]


def test_readmission_prefill_is_charged_to_the_tenant():
    s = Scheduler(20, num_blocks=4, block_size=2)
    s.add_tenant("t", 1)
    s.add_request("a", 2, 5)
    s.add_request("b", 2, 5, "t")
    for _ in range(5):
        s.step()
    # b was preempted in step 3 and readmitted in step 5 with length 4: 2 + 1 + 4 = 7
    assert s.status("b")["preemptions"] == 1
    assert s.tenant_stats()["t"]["service"] == 7


def test_preempted_request_waits_one_step_after_its_preemption_step():
    s = Scheduler(20, num_blocks=4, block_size=2, max_wait_steps=1)
    s.add_tenant("t", 1)
    s.add_request("a", 2, 5)  # default
    s.add_request("b", 2, 5, "t")
    s.step()
    s.step()
    s.step()  # b preempted (wait 0), step ends: wait 1
    s.add_request("c", 1, 1, "t")  # t has a smaller share than default, but b is starving
    out = s.step()  # b needs 3 blocks, 1 free: b is the candidate and does not fit, stop
    assert out["prefill"] == []
    assert s.status("c")["state"] == "waiting"
