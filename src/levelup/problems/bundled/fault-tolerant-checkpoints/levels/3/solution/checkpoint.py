"""Sharded checkpoints with atomic commit, and a training run that resumes bit-identically."""

import hashlib
import io
import json

import numpy as np


class ObjectStore:
    def __init__(self) -> None:
        self.objects: dict[str, bytes] = {}

    def put(self, key: str, data: bytes) -> None:
        self.objects[key] = bytes(data)

    def get(self, key: str) -> bytes:
        return self.objects[key]

    def delete(self, key: str) -> None:
        del self.objects[key]

    def keys(self, prefix: str = "") -> list[str]:
        return sorted(k for k in self.objects if k.startswith(prefix))


def manifest_key(step: int) -> str:
    return f"ckpt/step-{step}/manifest"


def encode(tensors: dict[str, np.ndarray]) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **tensors)
    return buffer.getvalue()


def decode(data: bytes) -> dict[str, np.ndarray]:
    with np.load(io.BytesIO(data), allow_pickle=False) as npz:
        return {name: npz[name] for name in npz.files}


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class CheckpointManager:
    def __init__(self, world_size: int, store: ObjectStore | None = None) -> None:
        if world_size < 1:
            raise ValueError("world_size must be at least 1")
        self.world_size = world_size
        self.store = store if store is not None else ObjectStore()

    def shard(self, tensors: dict[str, np.ndarray], rank: int) -> dict[str, np.ndarray]:
        pieces = {}
        for name, array in tensors.items():
            if array.ndim == 0:
                if rank == 0:
                    pieces[name] = array
            else:
                pieces[name] = np.array_split(array, self.world_size)[rank]
        return pieces

    def save(
        self,
        step: int,
        tensors: dict[str, np.ndarray],
        fail_after_writes: int | None = None,
        meta: dict | None = None,
    ) -> None:
        if step < 0 or not tensors:
            raise ValueError("step must be >= 0 and tensors must not be empty")
        old = self.manifest(step) if step in self.steps() else None
        # Each save writes under a new version, so a crash never touches the committed shards.
        version = old["version"] + 1 if old else 0
        shards = [encode(self.shard(tensors, rank)) for rank in range(self.world_size)]
        keys = [f"ckpt/step-{step}/v{version}/shard-{rank}" for rank in range(self.world_size)]
        manifest = {
            "version": version,
            "shards": keys,
            "checksums": [checksum(data) for data in shards],
            "meta": meta or {},
        }
        writes = [*zip(keys, shards, strict=True), (manifest_key(step), json.dumps(manifest).encode())]
        for count, (key, data) in enumerate(writes):
            if count == fail_after_writes:
                raise RuntimeError(f"simulated crash after {count} writes")
            self.store.put(key, data)
        for key in old["shards"] if old else []:
            self.store.delete(key)

    def steps(self) -> list[int]:
        found = [key.split("/")[1] for key in self.store.keys("ckpt/") if key.endswith("/manifest")]
        return sorted(int(name[len("step-") :]) for name in found)

    def manifest(self, step: int) -> dict:
        if step not in self.steps():
            raise KeyError(step)
        return json.loads(self.store.get(manifest_key(step)))

    def load_meta(self, step: int) -> dict:
        return self.manifest(step)["meta"]

    def shard_keys(self, step: int) -> list[str]:
        return self.manifest(step)["shards"]

    def verify(self, step: int) -> list[int]:
        manifest = self.manifest(step)
        present = set(self.store.keys("ckpt/"))
        return [
            rank
            for rank, (key, expected) in enumerate(zip(manifest["shards"], manifest["checksums"], strict=True))
            if key not in present or checksum(self.store.get(key)) != expected
        ]

    def load_shard(self, step: int, rank: int) -> dict[str, np.ndarray]:
        if not 0 <= rank < self.world_size:
            raise ValueError(f"rank {rank} is outside 0..{self.world_size - 1}")
        if rank in self.verify(step):
            raise ValueError(f"shard {rank} of step {step} is missing or corrupt")
        return decode(self.store.get(self.shard_keys(step)[rank]))

    def load(self, step: int) -> dict[str, np.ndarray]:
        shards = [self.load_shard(step, rank) for rank in range(self.world_size)]
        tensors = {}
        for name, first in shards[0].items():
            if first.ndim == 0:
                tensors[name] = first
            else:
                tensors[name] = np.concatenate([shard[name] for shard in shards])
        return tensors

    def valid_steps(self) -> list[int]:
        return [step for step in self.steps() if not self.verify(step)]

    def latest_step(self) -> int | None:
        valid = self.valid_steps()
        return valid[-1] if valid else None

    def garbage_collect(self, keep: int) -> list[str]:
        if keep < 1:
            raise ValueError("keep must be at least 1")
        kept = set()
        for step in self.valid_steps()[-keep:]:
            kept |= {manifest_key(step), *self.shard_keys(step)}
        doomed = [key for key in self.store.keys("ckpt/") if key not in kept]
        for key in doomed:
            self.store.delete(key)
        return doomed


class TrainingRun:
    """Linear regression by minibatch SGD with gradient noise; every random draw comes from one generator."""

    def __init__(
        self,
        manager: CheckpointManager,
        x: np.ndarray,
        y: np.ndarray,
        lr: float,
        batch_size: int,
        seed: int,
        noise: float = 0.0,
    ) -> None:
        if not 1 <= batch_size <= len(x):
            raise ValueError("batch_size must be between 1 and the number of examples")
        self.manager = manager
        self.x = np.asarray(x, dtype=np.float64)
        self.y = np.asarray(y, dtype=np.float64)
        self.lr = lr
        self.batch_size = batch_size
        self.noise = noise
        self.rng = np.random.default_rng(seed)
        self.w = np.zeros(self.x.shape[1])
        self.step = 0
        self.epoch = 0
        self.position = 0
        self.order = np.arange(0)  # this epoch's permutation, drawn when the first batch needs it

    def next_batch(self) -> np.ndarray:
        if self.epoch == 0 or self.position + self.batch_size > len(self.x):
            self.order = self.rng.permutation(len(self.x))
            self.epoch += 1
            self.position = 0
        batch = self.order[self.position : self.position + self.batch_size]
        self.position += self.batch_size
        return batch

    def train(self, num_steps: int) -> None:
        for _ in range(num_steps):
            batch = self.next_batch()
            xb, yb = self.x[batch], self.y[batch]
            grad = 2.0 / self.batch_size * xb.T @ (xb @ self.w - yb)
            self.w = self.w - self.lr * (grad + self.noise * self.rng.standard_normal(self.w.shape[0]))
            self.step += 1

    def weights(self) -> np.ndarray:
        return self.w.copy()

    def state(self) -> dict:
        return {"step": self.step, "epoch": self.epoch, "position": self.position}

    def checkpoint(self, fail_after_writes: int | None = None) -> int:
        meta = {"epoch": self.epoch, "position": self.position, "rng": self.rng.bit_generator.state}
        tensors = {"w": self.w, "order": self.order}
        self.manager.save(self.step, tensors, fail_after_writes=fail_after_writes, meta=meta)
        return self.step

    def resume(self) -> int | None:
        step = self.manager.latest_step()
        if step is None:
            return None
        tensors = self.manager.load(step)
        meta = self.manager.load_meta(step)
        self.w, self.order = tensors["w"], tensors["order"]
        self.step, self.epoch, self.position = step, meta["epoch"], meta["position"]
        self.rng.bit_generator.state = meta["rng"]
        return step
