import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import islice
from typing import Any

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
        self._epoch = 0  # position: the next batch handed out is batch _batches_done of _epoch
        self._batches_done = 0
        self._lock = threading.Lock()  # guards the counters below, updated from worker threads
        self._loading = self._max_loading = 0
        self._in_flight = self._max_in_flight = 0

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

    def _index_batches(self, epoch: int) -> list[list[int]]:
        order = self.indices(epoch)
        size = self.batch_size
        return [order[k * size : (k + 1) * size] for k in range(len(self))]

    def batches(self, epoch: int) -> list[list]:
        return [[self.items[i] for i in batch] for batch in self._index_batches(epoch)]

    def set_epoch(self, epoch: int) -> None:
        if epoch < 0:
            raise ValueError(f"epoch must not be negative, got {epoch}")
        self._epoch, self._batches_done = epoch, 0

    def _advance(self, epoch: int, batches_done: int) -> None:
        """Move the position to after batch `batches_done - 1` of `epoch`."""
        if batches_done == len(self):
            epoch, batches_done = epoch + 1, 0
        self._epoch, self._batches_done = epoch, batches_done

    def next_batch(self) -> list:
        if len(self) == 0:
            raise ValueError("the loader has no batches")
        epoch, done = self._epoch, self._batches_done
        # Move on before loading, so a batch whose load fails is skipped.
        self._advance(epoch, done + 1)
        return [self.load_item(i) for i in self._index_batches(epoch)[done]]

    def __len__(self) -> int:
        m = self._total() // self.world_size
        if self.drop_last:
            return m // self.batch_size
        return -(-m // self.batch_size)

    # Loading.

    def load_item(self, index: int) -> Any:
        with self._lock:
            self._loading += 1
            self._max_loading = max(self._max_loading, self._loading)
        try:
            time.sleep(self.load_ms.get(index, 0) / 1000)
            if index in self.fail_indices:
                raise ValueError(f"could not load dataset index {index}")
            return self.items[index]
        finally:
            with self._lock:
                self._loading -= 1

    def max_loading(self) -> int:
        return self._max_loading

    def in_flight(self) -> int:
        return self._in_flight

    def max_in_flight(self) -> int:
        return self._max_in_flight

    def _count_in_flight(self, change: int) -> None:
        with self._lock:
            self._in_flight += change
            self._max_in_flight = max(self._max_in_flight, self._in_flight)

    def iter_batches(self, epoch: int, num_workers: int = 0, prefetch: int = 2) -> Iterator[list]:
        return self._iterate(epoch, 0, num_workers, prefetch)

    def resume(self, num_workers: int = 0, prefetch: int = 2) -> Iterator[list]:
        # The position is read now, when resume is called, not at the first next().
        return self._iterate(self._epoch, self._batches_done, num_workers, prefetch)

    def _iterate(self, epoch: int, start: int, num_workers: int, prefetch: int) -> Iterator[list]:
        if num_workers < 0:
            raise ValueError(f"num_workers must not be negative, got {num_workers}")
        if prefetch < 1:
            raise ValueError(f"prefetch must be at least 1, got {prefetch}")
        index_batches = self._index_batches(epoch)[start:]
        flat = [i for batch in index_batches for i in batch]
        if num_workers == 0:
            loaded = (self.load_item(i) for i in flat)  # lazy: loads when the consumer asks
        else:
            loaded = self._load_in_order(flat, num_workers, prefetch)
        for done, batch in enumerate(index_batches, start + 1):
            items = [next(loaded) for _ in batch]
            # Progress counts batches handed to the consumer, never batches merely prefetched.
            self._advance(epoch, done)
            yield items

    def _load_in_order(self, indices: list[int], num_workers: int, prefetch: int) -> Iterator[Any]:
        """Yield the loaded items in order, keeping num_workers * prefetch loads in flight."""
        window = num_workers * prefetch
        waiting = iter(indices)
        in_flight: deque[Future] = deque()
        pool = ThreadPoolExecutor(max_workers=num_workers)

        def top_up() -> None:
            added = [pool.submit(self.load_item, index) for index in islice(waiting, window - len(in_flight))]
            in_flight.extend(added)
            self._count_in_flight(len(added))

        try:
            top_up()
            while in_flight:
                item = in_flight[0].result()  # re-raises the load's error, in order
                in_flight.popleft()
                self._count_in_flight(-1)
                top_up()  # refill before handing the item on, so loading overlaps the consumer
                yield item
        finally:
            self._count_in_flight(-len(in_flight))  # an iteration that ends early drops the rest
            pool.shutdown(wait=False, cancel_futures=True)

    # Resumable state.

    def state_dict(self) -> dict[str, int]:
        return {"epoch": self._epoch, "batches_done": self._batches_done}

    def load_state_dict(self, state: dict[str, int]) -> None:
        if not isinstance(state, dict) or set(state) != {"epoch", "batches_done"}:
            raise ValueError(f"expected keys 'epoch' and 'batches_done', got {state!r}")
        epoch, done = state["epoch"], state["batches_done"]
        if epoch < 0 or done < 0 or (done > 0 and done >= len(self)):
            raise ValueError(f"no such position in an epoch of {len(self)} batches: {state!r}")
        self._epoch, self._batches_done = epoch, done


class MixedLoader:
    """Interleaves several sources at fixed integer rates (smooth weighted round-robin)."""

    def __init__(
        self,
        sources: dict[str, list],
        rates: dict[str, int],
        batch_size: int,
        shuffle: bool = False,
        seed: int = 0,
    ) -> None:
        if not sources or set(rates) != set(sources):
            raise ValueError("rates must name exactly the (non-empty set of) sources")
        if any(len(items) == 0 for items in sources.values()):
            raise ValueError("every source needs at least one item")
        if any(rate < 1 for rate in rates.values()):
            raise ValueError(f"rates must be positive integers, got {rates}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        self.sources = {name: list(items) for name, items in sources.items()}
        self.rates = dict(rates)
        self.names = sorted(sources)
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.seed = seed
        self._credit = {name: 0 for name in self.names}
        self._drawn = {name: 0 for name in self.names}  # samples taken from each source so far

    def _pass_order(self, name: str, pass_number: int) -> list[int]:
        n = len(self.sources[name])
        if not self.shuffle:
            return list(range(n))
        return np.random.default_rng(self.seed + pass_number).permutation(n).tolist()

    def _next_source(self) -> str:
        for name in self.names:
            self._credit[name] += self.rates[name]
        chosen = max(self.names, key=lambda name: self._credit[name])  # first in sorted order on ties
        self._credit[chosen] -= sum(self.rates.values())
        return chosen

    def _next_sample(self) -> tuple[str, Any]:
        name = self._next_source()
        pass_number, position = divmod(self._drawn[name], len(self.sources[name]))
        self._drawn[name] += 1
        return name, self.sources[name][self._pass_order(name, pass_number)[position]]

    def next_batch(self) -> list[tuple[str, Any]]:
        return [self._next_sample() for _ in range(self.batch_size)]

    def state_dict(self) -> dict[str, dict[str, int]]:
        return {"credit": dict(self._credit), "drawn": dict(self._drawn)}

    def load_state_dict(self, state: dict[str, dict[str, int]]) -> None:
        self._credit = dict(state["credit"])
        self._drawn = dict(state["drawn"])
