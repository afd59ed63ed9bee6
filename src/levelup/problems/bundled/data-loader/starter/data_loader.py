class DataLoader:
    """Cuts a dataset into batches, reshuffled every epoch by one seeded generator."""

    def __init__(
        self,
        dataset: int | list,
        batch_size: int,
        shuffle: bool = False,
        seed: int = 0,
        drop_last: bool = False,
    ) -> None:
        """Create a loader over `dataset` (an int n means the items 0..n-1)."""

    def next_batch(self) -> list:
        """Return the next batch of the endless stream: epoch 0's batches, then epoch 1's, ..."""
        raise NotImplementedError

    def __len__(self) -> int:
        """Return the number of batches in one epoch."""
        raise NotImplementedError
