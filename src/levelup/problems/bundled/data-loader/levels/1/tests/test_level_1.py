import pytest
from data_loader import DataLoader


def epoch_of(loader):
    """The next len(loader) batches: one whole epoch when the loader is at an epoch's start."""
    return [loader.next_batch() for _ in range(len(loader))]


def test_unshuffled_stream_returns_batches_in_dataset_order():
    loader = DataLoader(5, batch_size=2)
    assert [loader.next_batch() for _ in range(3)] == [[0, 1], [2, 3], [4]]


def test_stream_starts_the_next_epoch_after_the_last_batch():
    loader = DataLoader(5, batch_size=2)
    assert [loader.next_batch() for _ in range(5)] == [[0, 1], [2, 3], [4], [0, 1], [2, 3]]


def test_first_shuffled_epoch_is_the_first_permutation_of_default_rng_seed():
    loader = DataLoader(10, batch_size=4, shuffle=True, seed=0)
    assert epoch_of(loader) == [[4, 6, 2, 7], [3, 5, 9, 0], [8, 1]]


def test_every_shuffled_epoch_visits_each_item_once():
    loader = DataLoader(10, batch_size=4, shuffle=True, seed=3)
    for _ in range(5):
        items = [item for batch in epoch_of(loader) for item in batch]
        assert sorted(items) == list(range(10))


def test_next_epoch_is_reshuffled():
    loader = DataLoader(10, batch_size=4, shuffle=True, seed=0)
    first = epoch_of(loader)
    second = epoch_of(loader)
    assert second != first
    assert sorted(item for batch in second for item in batch) == list(range(10))


def test_drop_last_leaves_out_short_last_batch():
    loader = DataLoader(10, batch_size=4, shuffle=True, seed=0, drop_last=True)
    assert loader.next_batch() == [4, 6, 2, 7]
    assert loader.next_batch() == [3, 5, 9, 0]
    assert len(loader.next_batch()) == 4, "[8, 1] is dropped: the next epoch starts"


def test_list_dataset_batches_hold_its_elements():
    loader = DataLoader(["a", "b", "c", "d", "e", "f"], batch_size=4, shuffle=True, seed=0)
    assert loader.next_batch() == ["d", "c", "f", "e"]
    assert loader.next_batch() == ["a", "b"]


def test_same_arguments_give_the_same_stream_on_a_new_loader():
    first = DataLoader(50, batch_size=8, shuffle=True, seed=42)
    second = DataLoader(50, batch_size=8, shuffle=True, seed=42)
    assert [first.next_batch() for _ in range(20)] == [second.next_batch() for _ in range(20)]


def test_len_counts_short_last_batch():
    assert len(DataLoader(10, batch_size=4)) == 3


def test_len_with_drop_last_counts_only_full_batches():
    assert len(DataLoader(10, batch_size=4, drop_last=True)) == 2


def test_batch_size_zero_raises_value_error():
    with pytest.raises(ValueError):
        DataLoader(5, batch_size=0)


def test_next_batch_of_an_empty_dataset_raises_value_error():
    loader = DataLoader(0, batch_size=2)
    with pytest.raises(ValueError):
        loader.next_batch()
