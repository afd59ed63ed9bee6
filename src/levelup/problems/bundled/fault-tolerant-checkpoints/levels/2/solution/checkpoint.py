"""Sharded checkpoints with atomic commit: new shards first, then one manifest put that commits them."""

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

    def save(self, step: int, tensors: dict[str, np.ndarray], fail_after_writes: int | None = None) -> None:
        if step < 0 or not tensors:
            raise ValueError("step must be >= 0 and tensors must not be empty")
        old = self.manifest(step) if step in self.steps() else None
        # Each save writes under a new version, so a crash never touches the committed shards.
        version = old["version"] + 1 if old else 0
        shards = [encode(self.shard(tensors, rank)) for rank in range(self.world_size)]
        keys = [f"ckpt/step-{step}/v{version}/shard-{rank}" for rank in range(self.world_size)]
        manifest = {"version": version, "shards": keys, "checksums": [checksum(data) for data in shards]}
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
