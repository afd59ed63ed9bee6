import pytest
from scheduler import Scheduler


def example():
    s = Scheduler(20, num_blocks=5, block_size=4)
    s.add_request("a", 5, 3)
    s.add_request("b", 6, 2)
    s.add_request("c", 7, 1)
    return s


def test_constructor_rejects_zero_blocks_or_zero_block_size():
    with pytest.raises(ValueError):
        Scheduler(10, num_blocks=0)
    with pytest.raises(ValueError):
        Scheduler(10, num_blocks=4, block_size=0)


def test_request_that_could_never_fit_in_the_pool_raises_value_error():
    s = Scheduler(40, num_blocks=5, block_size=4)
    with pytest.raises(ValueError):
        s.add_request("y", 15, 10)  # ceil(25 / 4) = 7 > 5
    assert s.add_request("z", 12, 8) is True  # exactly 5 blocks


def test_prefill_takes_blocks_for_prompt_plus_first_token():
    s = Scheduler(20, num_blocks=8, block_size=4)
    s.add_request("a", 5, 3)  # length 6 after prefill
    s.add_request("b", 3, 3)  # length 4 after prefill
    s.step()
    assert s.block_table("a") == [0, 1]
    assert s.block_table("b") == [2]


def test_decode_takes_a_new_block_when_length_crosses_a_block_boundary():
    s = Scheduler(20, num_blocks=8, block_size=4)
    s.add_request("a", 3, 6)
    s.step()  # length 4: one full block
    assert s.block_table("a") == [0]
    s.step()  # length 5
    assert s.block_table("a") == [0, 1]
    s.step()
    s.step()  # length 7
    assert s.block_table("a") == [0, 1]


def test_admission_waits_for_free_blocks_even_when_the_budget_allows():
    s = example()
    out = s.step()
    assert out["prefill"] == ["a", "b"]
    assert out["tokens"] == 11
    assert s.status("c")["state"] == "waiting"
    assert s.block_table("c") == []


def test_finished_request_releases_its_blocks_for_admission_in_the_same_step():
    s = example()
    s.step()
    out = s.step()
    assert out["prefill"] == ["c"]
    assert out["decode"] == ["a", "b"]
    assert out["finished"] == ["b", "c"]
    assert out["tokens"] == 9
    assert s.block_table("a") == [0, 1]


def test_block_table_is_empty_for_waiting_and_finished_requests():
    s = example()
    assert s.block_table("a") == []
    s.step()
    s.step()
    assert s.block_table("b") == []
    assert s.block_table("c") == []


def test_memory_stats_counts_held_and_empty_slots():
    s = example()
    assert s.memory_stats() == {"free_blocks": 5, "used_blocks": 0, "used_slots": 0, "wasted_slots": 0}
    s.step()
    assert s.memory_stats() == {"free_blocks": 1, "used_blocks": 4, "used_slots": 13, "wasted_slots": 3}
    s.step()
    assert s.memory_stats() == {"free_blocks": 3, "used_blocks": 2, "used_slots": 7, "wasted_slots": 1}


def test_released_blocks_are_reused_lowest_number_first():
    s = Scheduler(30, num_blocks=6, block_size=2)
    s.add_request("first", 3, 2)  # length 4: blocks [0, 1]
    s.add_request("long", 3, 4)  # length 4: blocks [2, 3]
    s.step()
    s.add_request("next", 1, 2)
    s.step()
    # first grows to 5 (takes block 4), finishes and releases 0, 1, 4;
    # long grows to 5 and takes block 0; next is admitted with block 1
    assert s.block_table("long") == [2, 3, 0]
    assert s.block_table("next") == [1]


def test_block_table_of_unknown_request_raises_key_error():
    s = Scheduler(10)
    with pytest.raises(KeyError):
        s.block_table("ghost")


def test_default_pool_has_1024_blocks_of_16_tokens():
    s = Scheduler(100)
    s.add_request("a", 17, 3)
    s.step()
    assert s.block_table("a") == [0, 1]
    stats = s.memory_stats()
    assert stats["free_blocks"] == 1022
    assert stats["wasted_slots"] == 32 - 18
