from collections.abc import Iterator

import numpy as np


class DataLoader:
    """Cuts this rank's share of a dataset into batches, in an order fixed by seed and epoch."""

    def __init__(
        self,
        dataset: int | list,
        batch_size: int,
        shuffle: bool = False,
        seed: int = 0,
        drop_last: bool = False,
        rank: int = 0,
        world_size: int = 1,
        drop_uneven: bool = False,
    ) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        if isinstance(dataset, int):
            if dataset < 0:
                raise ValueError(f"dataset size must not be negative, got {dataset}")
            dataset = list(range(dataset))
        if world_size < 1:
            raise ValueError(f"world_size must be at least 1, got {world_size}")
        if not 0 <= rank < world_size:
            raise ValueError(f"rank must be in [0, {world_size}), got {rank}")
        self.items = list(dataset)
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.seed = seed
        self.drop_last = drop_last
        self.rank = rank
        self.world_size = world_size
        self.drop_uneven = drop_uneven
        self._stream = self._epochs(0)

    def _order(self, epoch: int) -> list[int]:
        """The epoch's full order, the same on every rank: it depends only on seed + epoch."""
        if epoch < 0:
            raise ValueError(f"epoch must not be negative, got {epoch}")
        n = len(self.items)
        if not self.shuffle:
            return list(range(n))
        return np.random.default_rng(self.seed + epoch).permutation(n).tolist()

    def _total(self) -> int:
        """Length of the evened-up order: a multiple of world_size."""
        n, w = len(self.items), self.world_size
        return (n // w) * w if self.drop_uneven else -(-n // w) * w

    def indices(self, epoch: int) -> list[int]:
        order = self._order(epoch)
        evened = [order[p % len(order)] for p in range(self._total())]  # wraps around when padding
        return evened[self.rank :: self.world_size]

    def batches(self, epoch: int) -> list[list]:
        order = self.indices(epoch)
        size = self.batch_size
        return [[self.items[i] for i in order[k * size : (k + 1) * size]] for k in range(len(self))]

    def _epochs(self, epoch: int) -> Iterator[list]:
        """This rank's batches of `epoch`, then of every epoch after it."""
        while True:
            yield from self.batches(epoch)
            epoch += 1

    def set_epoch(self, epoch: int) -> None:
        if epoch < 0:
            raise ValueError(f"epoch must not be negative, got {epoch}")
        self._stream = self._epochs(epoch)

    def next_batch(self) -> list:
        if len(self) == 0:
            raise ValueError("the loader has no batches")
        return next(self._stream)

    def __len__(self) -> int:
        m = self._total() // self.world_size
        if self.drop_last:
            return m // self.batch_size
        return -(-m // self.batch_size)
