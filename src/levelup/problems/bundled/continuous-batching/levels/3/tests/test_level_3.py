from scheduler import Scheduler


def example():
    s = Scheduler(20, num_blocks=4, block_size=2)
    s.add_request("a", 2, 5)
    s.add_request("b", 2, 5)
    s.step()
    s.step()
    return s


def four_single_block_requests():
    s = Scheduler(20, num_blocks=4, block_size=3)
    for rid, n in (("a", 4), ("b", 4), ("c", 5), ("d", 5)):
        s.add_request(rid, 1, n)  # length 2 after prefill: one block each
    s.step()
    s.step()  # every block is full now
    return s


def test_most_recent_admission_is_preempted_when_blocks_run_out():
    s = example()
    out = s.step()
    assert out["decode"] == ["a"]
    assert out["preempted"] == ["b"]
    assert out["finished"] == []
    assert out["tokens"] == 1
    assert s.block_table("a") == [0, 1, 2]


def test_preempted_request_keeps_its_tokens_and_waits():
    s = example()
    s.step()
    assert s.status("b") == {"state": "waiting", "generated": 2, "preemptions": 1}
    assert s.block_table("b") == []


def test_request_preempted_in_a_step_is_not_readmitted_in_that_step():
    s = example()
    out = s.step()
    assert out["prefill"] == []
    assert s.memory_stats()["free_blocks"] == 1


def test_readmission_waits_for_blocks_for_length_plus_one():
    s = example()
    s.step()
    out = s.step()  # b has length 4 and needs 3 blocks; only 1 is free
    assert out["prefill"] == []
    assert out["decode"] == ["a"]


def test_readmission_recomputes_prompt_and_generated_tokens():
    s = example()
    s.step()
    s.step()
    out = s.step()
    assert out["prefill"] == ["b"]
    assert out["finished"] == ["a"]
    assert out["tokens"] == 5  # a's decode + b's 4 recomputed tokens
    assert s.block_table("b") == [0, 1, 2]
    assert s.status("b") == {"state": "running", "generated": 3, "preemptions": 1}


def test_stats_counts_steps_preemptions_and_recomputed_tokens():
    s = example()
    assert s.stats() == {"steps": 2, "preemptions": 0, "recomputed_tokens": 0}
    for _ in range(3):
        s.step()
    assert s.stats() == {"steps": 5, "preemptions": 1, "recomputed_tokens": 2}


def test_request_needing_a_block_preempts_itself_when_it_is_the_newest():
    s = Scheduler(20, num_blocks=3, block_size=2)
    s.add_request("a", 2, 4)  # length 3: blocks [0, 1]
    s.add_request("b", 1, 4)  # length 2: block [2], full
    s.step()
    out = s.step()  # a does not need a block; b does, and b is the newest
    assert out["decode"] == ["a"]
    assert out["preempted"] == ["b"]
    assert s.block_table("a") == [0, 1]


def test_several_preemptions_in_one_step_take_the_newest_first():
    s = four_single_block_requests()
    out = s.step()
    assert out["preempted"] == ["d", "c"]
    assert out["decode"] == ["a", "b"]
    assert s.block_table("a") == [0, 3]
    assert s.block_table("b") == [1, 2]


def test_preempted_requests_come_back_in_arrival_order():
    s = four_single_block_requests()
    s.step()
    out = s.step()  # a and b finish and release everything
    assert out["finished"] == ["a", "b"]
    assert out["prefill"] == ["c", "d"]
    assert out["tokens"] == 2 + 3 + 3
    assert s.block_table("c") == [0, 1]


def test_preempted_request_stays_ahead_of_later_arrivals():
    s = example()
    s.step()
    s.add_request("late", 1, 1)  # needs 1 block and one is free, but b is ahead
    assert s.step()["prefill"] == []
    assert s.step()["prefill"] == ["b", "late"]


def test_step_reports_no_preemption_when_blocks_suffice():
    s = Scheduler(20, num_blocks=16, block_size=2)
    s.add_request("a", 2, 5)
    s.add_request("b", 2, 5)
    for _ in range(5):
        assert s.step()["preempted"] == []
    assert s.stats() == {"steps": 5, "preemptions": 0, "recomputed_tokens": 0}
