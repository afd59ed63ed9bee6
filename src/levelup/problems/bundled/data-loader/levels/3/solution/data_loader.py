import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import islice
from typing import Any

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
        rank: int = 0,
        world_size: int = 1,
        drop_uneven: bool = False,
        load_ms: dict[int, float] | None = None,
        fail_indices: list[int] | None = None,
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
        self.load_ms = dict(load_ms or {})
        self.fail_indices = set(fail_indices or [])
        self._max_in_flight = 0
        self._lock = threading.Lock()  # guards _max_in_flight across concurrent iterations

    # Ordering and sharding (levels 1-2).

    def _order(self, epoch: int) -> list[int]:
        """The full epoch order, identical on every rank."""
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
        evened = [order[p % len(order)] for p in range(self._total())]  # wraps when padding
        return evened[self.rank :: self.world_size]

    def _index_batches(self, epoch: int) -> list[list[int]]:
        order = self.indices(epoch)
        size = self.batch_size
        return [order[k * size : (k + 1) * size] for k in range(len(self))]

    def batches(self, epoch: int) -> list[list]:
        return [[self.items[i] for i in batch] for batch in self._index_batches(epoch)]

    def __len__(self) -> int:
        m = self._total() // self.world_size
        if self.drop_last:
            return m // self.batch_size
        return -(-m // self.batch_size)

    # Loading (level 3).

    def load_item(self, index: int) -> Any:
        time.sleep(self.load_ms.get(index, 0) / 1000)
        if index in self.fail_indices:
            raise ValueError(f"could not load dataset index {index}")
        return self.items[index]

    def max_in_flight(self) -> int:
        return self._max_in_flight

    def iter_batches(self, epoch: int, num_workers: int = 0, prefetch: int = 2) -> Iterator[list]:
        if num_workers < 0:
            raise ValueError(f"num_workers must not be negative, got {num_workers}")
        if prefetch < 1:
            raise ValueError(f"prefetch must be at least 1, got {prefetch}")
        index_batches = self._index_batches(epoch)
        flat = [i for batch in index_batches for i in batch]
        if num_workers == 0:
            loaded = (self.load_item(i) for i in flat)  # lazy: loads when the consumer asks
        else:
            loaded = self._load_in_order(flat, num_workers, prefetch)
        for batch in index_batches:
            yield [next(loaded) for _ in batch]

    def _load_in_order(self, indices: list[int], num_workers: int, prefetch: int) -> Iterator[Any]:
        """Yield the loaded items in order, keeping num_workers * prefetch loads in flight."""
        window = num_workers * prefetch
        waiting = iter(indices)
        in_flight: deque[Future] = deque()
        pool = ThreadPoolExecutor(max_workers=num_workers)

        def top_up() -> None:
            for index in islice(waiting, window - len(in_flight)):
                in_flight.append(pool.submit(self.load_item, index))
            with self._lock:
                self._max_in_flight = max(self._max_in_flight, len(in_flight))

        try:
            top_up()
            while in_flight:
                item = in_flight.popleft().result()  # re-raises the load's error, in order
                top_up()  # refill before handing the item on, so loading overlaps the consumer
                yield item
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
