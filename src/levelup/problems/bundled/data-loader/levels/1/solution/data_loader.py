import numpy as np


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
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        if isinstance(dataset, int):
            if dataset < 0:
                raise ValueError(f"dataset size must not be negative, got {dataset}")
            dataset = list(range(dataset))
        self.items = list(dataset)
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.seed = seed
        self.drop_last = drop_last

    def indices(self, epoch: int) -> list[int]:
        if epoch < 0:
            raise ValueError(f"epoch must not be negative, got {epoch}")
        n = len(self.items)
        if not self.shuffle:
            return list(range(n))
        return np.random.default_rng(self.seed + epoch).permutation(n).tolist()

    def batches(self, epoch: int) -> list[list]:
        order = self.indices(epoch)
        size = self.batch_size
        return [[self.items[i] for i in order[k * size : (k + 1) * size]] for k in range(len(self))]

    def __len__(self) -> int:
        n = len(self.items)
        if self.drop_last:
            return n // self.batch_size
        return -(-n // self.batch_size)
