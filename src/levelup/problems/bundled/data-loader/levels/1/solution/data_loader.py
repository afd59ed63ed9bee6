from collections.abc import Iterator

import numpy as np


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
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        if isinstance(dataset, int):
            if dataset < 0:
                raise ValueError(f"dataset size must not be negative, got {dataset}")
            dataset = list(range(dataset))
        self.items = list(dataset)
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.drop_last = drop_last
        self._rng = np.random.default_rng(seed)  # one generator for the loader's whole life
        self._stream = self._epochs()

    def _epochs(self) -> Iterator[list]:
        """Every batch of every epoch, in order: each epoch's order is the generator's next draw."""
        n = len(self.items)
        size = self.batch_size
        while True:
            order = self._rng.permutation(n).tolist() if self.shuffle else list(range(n))
            for k in range(len(self)):
                yield [self.items[i] for i in order[k * size : (k + 1) * size]]

    def next_batch(self) -> list:
        if len(self) == 0:
            raise ValueError("the loader has no batches")
        return next(self._stream)

    def __len__(self) -> int:
        n = len(self.items)
        if self.drop_last:
            return n // self.batch_size
        return -(-n // self.batch_size)
