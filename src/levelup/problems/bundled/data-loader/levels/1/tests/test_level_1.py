import pytest
from data_loader import DataLoader


def test_unshuffled_indices_are_in_dataset_order():
    loader = DataLoader(5, batch_size=2)
    assert loader.indices(0) == [0, 1, 2, 3, 4]


def test_unshuffled_order_is_the_same_in_every_epoch():
    loader = DataLoader(5, batch_size=2)
    assert loader.batches(0) == [[0, 1], [2, 3], [4]]
    assert loader.batches(7) == [[0, 1], [2, 3], [4]]


def test_shuffled_indices_follow_default_rng_of_seed_plus_epoch():
    loader = DataLoader(10, batch_size=4, shuffle=True, seed=0)
    assert loader.indices(0) == [4, 6, 2, 7, 3, 5, 9, 0, 8, 1]
    assert loader.indices(1) == [8, 4, 7, 0, 1, 2, 5, 9, 6, 3]


def test_batches_chunk_the_epoch_order_with_short_last_batch():
    loader = DataLoader(10, batch_size=4, shuffle=True, seed=0)
    assert loader.batches(0) == [[4, 6, 2, 7], [3, 5, 9, 0], [8, 1]]


def test_drop_last_leaves_out_short_last_batch():
    loader = DataLoader(10, batch_size=4, shuffle=True, seed=0, drop_last=True)
    assert loader.batches(0) == [[4, 6, 2, 7], [3, 5, 9, 0]]


def test_list_dataset_batches_hold_its_elements():
    loader = DataLoader(["a", "b", "c", "d", "e", "f"], batch_size=4, shuffle=True, seed=0)
    assert loader.indices(0) == [3, 2, 5, 4, 0, 1]
    assert loader.batches(0) == [["d", "c", "f", "e"], ["a", "b"]]


def test_same_arguments_give_same_batches_on_a_new_loader():
    first = DataLoader(50, batch_size=8, shuffle=True, seed=42)
    second = DataLoader(50, batch_size=8, shuffle=True, seed=42)
    assert first.batches(3) == second.batches(3)
    assert first.batches(3) == first.batches(3)


def test_len_counts_short_last_batch():
    assert len(DataLoader(10, batch_size=4)) == 3


def test_len_with_drop_last_counts_only_full_batches():
    assert len(DataLoader(10, batch_size=4, drop_last=True)) == 2


def test_batch_size_zero_raises_value_error():
    with pytest.raises(ValueError):
        DataLoader(5, batch_size=0)


def test_negative_epoch_raises_value_error():
    loader = DataLoader(5, batch_size=2, shuffle=True)
    with pytest.raises(ValueError):
        loader.batches(-1)
    with pytest.raises(ValueError):
        loader.indices(-1)
