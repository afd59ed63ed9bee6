import pytest
from data_loader import DataLoader, MixedLoader

TEXT = ["t0", "t1", "t2", "t3", "t4"]
IMAGE = ["i0", "i1"]


def test_new_loader_is_at_epoch_zero_with_no_batches_done():
    assert DataLoader(10, batch_size=4).state_dict() == {"epoch": 0, "batches_done": 0}


def test_state_counts_batches_handed_out_not_batches_prefetched():
    loader = DataLoader(20, batch_size=2, shuffle=True, seed=3)
    it = loader.iter_batches(1, num_workers=2, prefetch=4)
    next(it)
    next(it)
    assert loader.state_dict() == {"epoch": 1, "batches_done": 2}


def test_creating_an_iterator_does_not_move_the_position():
    loader = DataLoader(20, batch_size=2)
    loader.iter_batches(3, num_workers=2)
    assert loader.state_dict() == {"epoch": 0, "batches_done": 0}


def test_position_moves_to_next_epoch_after_the_last_batch():
    loader = DataLoader(10, batch_size=4, shuffle=True, seed=0)
    assert len(list(loader.iter_batches(0))) == 3
    assert loader.state_dict() == {"epoch": 1, "batches_done": 0}


def test_fresh_loader_resumes_with_exactly_the_remaining_batches():
    original = DataLoader(30, batch_size=4, shuffle=True, seed=7)
    it = original.iter_batches(2, num_workers=3, prefetch=2)
    for _ in range(3):
        next(it)
    restarted = DataLoader(30, batch_size=4, shuffle=True, seed=7)
    restarted.load_state_dict(original.state_dict())
    assert list(restarted.resume(num_workers=2, prefetch=2)) == original.batches(2)[3:]


def test_resume_from_a_hand_written_state_then_into_the_next_epoch():
    loader = DataLoader(10, batch_size=4, shuffle=True, seed=0)
    loader.load_state_dict({"epoch": 0, "batches_done": 1})
    assert list(loader.resume()) == [[3, 5, 9, 0], [8, 1]]
    assert loader.state_dict() == {"epoch": 1, "batches_done": 0}
    assert next(loader.resume()) == [8, 4, 7, 0]


def test_load_state_dict_rejects_batches_done_past_the_epoch():
    loader = DataLoader(10, batch_size=4)
    with pytest.raises(ValueError):
        loader.load_state_dict({"epoch": 0, "batches_done": 3})
    assert loader.state_dict() == {"epoch": 0, "batches_done": 0}


def test_next_batch_and_set_epoch_move_the_position():
    loader = DataLoader(10, batch_size=4)
    loader.next_batch()
    assert loader.state_dict() == {"epoch": 0, "batches_done": 1}
    loader.next_batch()
    loader.next_batch()
    assert loader.state_dict() == {"epoch": 1, "batches_done": 0}
    loader.set_epoch(4)
    assert loader.state_dict() == {"epoch": 4, "batches_done": 0}


def test_restored_next_batch_stream_continues_where_the_saved_one_stopped():
    original = DataLoader(30, batch_size=4, shuffle=True, seed=7, rank=1, world_size=2)
    for _ in range(6):
        original.next_batch()
    restarted = DataLoader(30, batch_size=4, shuffle=True, seed=7, rank=1, world_size=2)
    restarted.load_state_dict(original.state_dict())
    assert [restarted.next_batch() for _ in range(5)] == [original.next_batch() for _ in range(5)]


def test_mixed_loader_interleaves_by_smooth_weighted_round_robin():
    mixed = MixedLoader({"text": TEXT, "image": IMAGE}, {"text": 3, "image": 1}, batch_size=4)
    assert mixed.next_batch() == [("text", "t0"), ("image", "i0"), ("text", "t1"), ("text", "t2")]


def test_mixed_loader_starts_a_new_pass_when_a_source_runs_out():
    mixed = MixedLoader({"text": TEXT, "image": IMAGE}, {"text": 3, "image": 1}, batch_size=4)
    mixed.next_batch()
    assert mixed.next_batch() == [("text", "t3"), ("image", "i1"), ("text", "t4"), ("text", "t0")]
    assert mixed.next_batch() == [("text", "t1"), ("image", "i0"), ("text", "t2"), ("text", "t3")]


def test_mixed_loader_rates_hold_exactly_in_every_cycle():
    mixed = MixedLoader({"a": ["a"], "b": ["b"], "c": ["c"]}, {"a": 5, "b": 3, "c": 2}, batch_size=10)
    first = [name for name, _ in mixed.next_batch()]
    assert first == ["a", "b", "c", "a", "a", "b", "a", "c", "b", "a"]
    for _ in range(9):
        names = [name for name, _ in mixed.next_batch()]
        assert (names.count("a"), names.count("b"), names.count("c")) == (5, 3, 2)


def test_mixed_loader_state_snapshot_round_trip_continues_exactly():
    sources = {"text": TEXT, "image": IMAGE, "audio": ["a0", "a1", "a2"]}
    rates = {"text": 4, "image": 2, "audio": 1}
    original = MixedLoader(sources, rates, batch_size=3, shuffle=True, seed=5)
    for _ in range(4):
        original.next_batch()
    state = original.state_dict()
    assert isinstance(state, dict)
    expected = [original.next_batch() for _ in range(6)]  # the saved state must not follow these
    restored = MixedLoader(sources, rates, batch_size=3, shuffle=True, seed=5)
    restored.load_state_dict(state)
    assert [restored.next_batch() for _ in range(6)] == expected


def test_mixed_loader_rejects_rates_that_do_not_match_the_sources():
    with pytest.raises(ValueError):
        MixedLoader({"text": TEXT, "image": IMAGE}, {"text": 3}, batch_size=4)
    with pytest.raises(ValueError):
        MixedLoader({"text": TEXT}, {"text": 0}, batch_size=4)
