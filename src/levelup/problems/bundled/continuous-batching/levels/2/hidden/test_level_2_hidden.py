from scheduler import Scheduler


def test_front_request_blocked_by_memory_stops_a_smaller_request_behind_it():
    s = Scheduler(30, num_blocks=4, block_size=4)
    s.add_request("a", 8, 4)  # length 9: blocks [0, 1, 2]
    s.step()
    s.add_request("wide", 5, 1)  # needs 2 blocks, 1 free
    s.add_request("tiny", 2, 1)  # needs 1 block: would fit, but may not overtake
    out = s.step()
    assert out["prefill"] == []
    assert s.block_table("tiny") == []


def test_request_finishing_while_decoding_frees_a_block_for_a_later_decoder_in_the_same_step():
    s = Scheduler(30, num_blocks=3, block_size=2)
    s.add_request("x", 2, 2)  # length 3: blocks [0, 1]
    s.add_request("y", 1, 3)  # length 2: block [2]; the pool is now empty
    s.step()
    out = s.step()  # x reaches length 4 and finishes, releasing 0 and 1; y grows to 3
    assert out["finished"] == ["x"]
    assert s.block_table("y") == [2, 0]


def test_block_table_keeps_the_order_blocks_were_received_in():
    s = Scheduler(30, num_blocks=4, block_size=2)
    s.add_request("x", 1, 2)  # block [0]
    s.add_request("a", 1, 4)  # block [1]
    s.step()
    s.step()  # x takes block 2, finishes, releases 0 and 2; a grows to 3 and takes 0
    assert s.block_table("a") == [1, 0]


def test_everything_released_after_all_requests_finish():
    s = Scheduler(16, num_blocks=10, block_size=3)
    for i, (p, n) in enumerate([(4, 5), (2, 7), (6, 2), (3, 3), (5, 4)]):
        s.add_request(f"r{i}", p, n)
    for _ in range(40):
        s.step()
    assert all(s.status(f"r{i}")["state"] == "finished" for i in range(5))
    assert s.memory_stats() == {"free_blocks": 10, "used_blocks": 0, "used_slots": 0, "wasted_slots": 0}
