class DataLoader:
    """Splits a dataset into batches, in a seeded order that is the same on every run."""

    def __init__(
        self,
        dataset: int | list,
        batch_size: int,
        shuffle: bool = False,
        seed: int = 0,
        drop_last: bool = False,
    ) -> None:
        """Create a loader over `dataset` (an int n means the items 0..n-1)."""

    def indices(self, epoch: int) -> list[int]:
        """Return the dataset indices in the order epoch `epoch` visits them."""
        raise NotImplementedError

    def batches(self, epoch: int) -> list[list]:
        """Return the batches of epoch `epoch`, each a list of dataset items."""
        raise NotImplementedError

    def __len__(self) -> int:
        """Return the number of batches in one epoch."""
        raise NotImplementedError
