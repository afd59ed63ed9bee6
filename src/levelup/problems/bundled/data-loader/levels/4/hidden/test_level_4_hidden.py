import pytest
from data_loader import DataLoader, MixedLoader


def test_resume_on_a_sharded_shuffled_loader_with_drop_last():
    def make():
        return DataLoader(
            list(range(100, 137)), batch_size=3, shuffle=True, seed=4, drop_last=True, rank=1, world_size=3
        )

    original = make()
    it = original.iter_batches(5, num_workers=2, prefetch=3)
    for _ in range(2):
        next(it)
    state = original.state_dict()
    assert state == {"epoch": 5, "batches_done": 2}
    restarted = make()
    restarted.load_state_dict(state)
    assert list(restarted.resume(num_workers=3, prefetch=1)) == original.batches(5)[2:]
    assert restarted.state_dict() == {"epoch": 6, "batches_done": 0}


def test_failed_iterator_next_keeps_the_position_but_failed_next_batch_skips_its_batch():
    loader = DataLoader(6, batch_size=2, fail_indices=[2])
    it = loader.iter_batches(0, num_workers=2, prefetch=2)
    next(it)
    with pytest.raises(ValueError):
        next(it)
    assert loader.state_dict() == {"epoch": 0, "batches_done": 1}
    with pytest.raises(ValueError):
        loader.next_batch()
    assert loader.state_dict() == {"epoch": 0, "batches_done": 2}
    assert loader.next_batch() == [4, 5]
    assert loader.state_dict() == {"epoch": 1, "batches_done": 0}


def test_resume_loads_only_the_remaining_batches():
    loader = DataLoader(6, batch_size=2, fail_indices=[0, 1])
    loader.load_state_dict({"epoch": 0, "batches_done": 1})
    assert list(loader.resume(num_workers=2, prefetch=2)) == [[2, 3], [4, 5]]


def test_load_state_dict_with_a_missing_key_raises_value_error():
    loader = DataLoader(10, batch_size=4)
    with pytest.raises(ValueError):
        loader.load_state_dict({"epoch": 1})
    with pytest.raises(ValueError):
        loader.load_state_dict({"epoch": -1, "batches_done": 0})


def test_mixed_loader_ties_go_to_the_name_first_in_sorted_order():
    mixed = MixedLoader({"b": ["b0", "b1"], "a": ["a0", "a1"]}, {"b": 1, "a": 1}, batch_size=4)
    assert mixed.next_batch() == [("a", "a0"), ("b", "b0"), ("a", "a1"), ("b", "b1")]


def test_mixed_loader_shuffles_each_pass_with_seed_plus_pass():
    mixed = MixedLoader(
        {"text": ["t0", "t1", "t2", "t3", "t4"], "image": ["i0", "i1"]},
        {"text": 3, "image": 1},
        batch_size=4,
        shuffle=True,
        seed=0,
    )
    assert mixed.next_batch() == [("text", "t2"), ("image", "i0"), ("text", "t4"), ("text", "t3")]
    assert mixed.next_batch() == [("text", "t0"), ("image", "i1"), ("text", "t1"), ("text", "t4")]
