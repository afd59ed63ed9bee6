"""An in-memory file system: level 3 (users, quotas and permissions)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

ADMIN = "admin"
PERMISSIONS = ("read", "write")


@dataclass
class File:
    content: str
    owner: str
    granted: dict[str, set[str]] = field(default_factory=lambda: {p: set() for p in PERMISSIONS})


# A directory is a dict mapping names to children.
Node = dict | File


def split(path: str) -> list[str]:
    """The names in an absolute path ("/" gives [])."""
    if not isinstance(path, str) or not path.startswith("/"):
        raise ValueError(f"not an absolute path: {path!r}")
    if path == "/":
        return []
    names = path[1:].split("/")
    if "" in names:
        raise ValueError(f"empty name in path: {path!r}")
    return names


def files(node: Node, path: str) -> Iterator[tuple[str, File]]:
    """(path, file) of every file at or below node, which lives at path."""
    if isinstance(node, File):
        yield path, node
        return
    for name, child in node.items():
        yield from files(child, f"{path.rstrip('/')}/{name}")


def clone(node: Node, owner: str) -> Node:
    """A deep copy of node whose files belong to owner and carry no grants."""
    if isinstance(node, File):
        return File(node.content, owner)
    return {name: clone(child, owner) for name, child in node.items()}


class FileSystem:
    def __init__(self) -> None:
        self._root: dict = {}
        self._quota: dict[str, int | None] = {ADMIN: None}  # None: unlimited
        self._usage: dict[str, int] = {ADMIN: 0}

    # --- helpers -------------------------------------------------------------

    def _check_user(self, user_id: str) -> None:
        if user_id not in self._quota:
            raise KeyError(user_id)

    def _require(self, file: File, user_id: str, permission: str, path: str) -> None:
        if user_id not in (ADMIN, file.owner) and user_id not in file.granted[permission]:
            raise PermissionError(f"{user_id} may not {permission} {path}")

    def _charge(self, user_id: str, delta: int) -> None:
        """Add delta bytes to user_id's usage, or raise ValueError if it breaks the quota."""
        quota = self._quota[user_id]
        if quota is not None and self._usage[user_id] + delta > quota:
            raise ValueError(f"quota of {user_id} exceeded")
        self._usage[user_id] += delta

    def _dir(self, names: list[str]) -> dict:
        """The directory reached by walking names from the root."""
        node = self._root
        for name in names:
            if name not in node:
                raise FileNotFoundError("/" + "/".join(names))
            node = node[name]
            if not isinstance(node, dict):
                raise NotADirectoryError("/" + "/".join(names))
        return node

    def _lookup(self, path: str) -> Node:
        names = split(path)
        if not names:
            return self._root
        parent = self._dir(names[:-1])
        if names[-1] not in parent:
            raise FileNotFoundError(path)
        return parent[names[-1]]

    def _file(self, path: str) -> File:
        node = self._lookup(path)
        if isinstance(node, dict):
            raise IsADirectoryError(path)
        return node

    # --- users ---------------------------------------------------------------

    def add_user(self, user_id: str, quota_bytes: int) -> bool:
        if quota_bytes < 0:
            raise ValueError("quota must not be negative")
        if user_id in self._quota:
            return False
        self._quota[user_id] = quota_bytes
        self._usage[user_id] = 0
        return True

    def usage(self, user_id: str) -> int:
        self._check_user(user_id)
        return self._usage[user_id]

    def grant(self, path: str, target_user_id: str, permission: str, user_id: str = ADMIN) -> None:
        self._check_user(user_id)
        self._check_user(target_user_id)
        if permission not in PERMISSIONS:
            raise ValueError(f"unknown permission {permission!r}")
        file = self._file(path)
        if user_id not in (ADMIN, file.owner):
            raise PermissionError(f"{user_id} does not own {path}")
        file.granted[permission].add(target_user_id)

    def owner(self, path: str, user_id: str = ADMIN) -> str:
        self._check_user(user_id)
        return self._file(path).owner

    # --- files and directories -----------------------------------------------

    def mkdir(self, path: str, user_id: str = ADMIN) -> bool:
        self._check_user(user_id)
        names = split(path)
        node = self._root
        created = False
        for i, name in enumerate(names):
            child = node.get(name)
            if child is None:
                child = node[name] = {}
                created = True
            elif isinstance(child, File):
                raise FileExistsError(path) if i == len(names) - 1 else NotADirectoryError(path)
            node = child
        return created

    def write_file(self, path: str, content: str, user_id: str = ADMIN) -> bool:
        self._check_user(user_id)
        names = split(path)
        if not names:
            raise IsADirectoryError(path)
        parent = self._dir(names[:-1])
        existing = parent.get(names[-1])
        if isinstance(existing, dict):
            raise IsADirectoryError(path)
        if existing is None:
            self._charge(user_id, len(content))
            parent[names[-1]] = File(content, user_id)
            return True
        self._require(existing, user_id, "write", path)
        self._charge(existing.owner, len(content) - len(existing.content))
        existing.content = content
        return False

    def read_file(self, path: str, user_id: str = ADMIN) -> str:
        self._check_user(user_id)
        file = self._file(path)
        self._require(file, user_id, "read", path)
        return file.content

    def ls(self, path: str, user_id: str = ADMIN) -> list[str]:
        self._check_user(user_id)
        node = self._lookup(path)
        if isinstance(node, File):
            return [split(path)[-1]]
        return sorted(name + "/" if isinstance(child, dict) else name for name, child in node.items())

    def _transfer(self, src: str, dst: str, user_id: str, permission: str) -> tuple[dict, str, dict, str]:
        """Run the move/copy checks in the spec's order; return both parents and names."""
        self._check_user(user_id)
        src_names, dst_names = split(src), split(dst)
        if not src_names:
            raise ValueError("cannot move or copy the root")
        if dst_names[: len(src_names)] == src_names:
            raise ValueError(f"{dst} is {src} or lies inside it")
        src_parent = self._dir(src_names[:-1])
        if src_names[-1] not in src_parent:
            raise FileNotFoundError(src)
        if not dst_names:
            raise FileExistsError(dst)
        dst_parent = self._dir(dst_names[:-1])
        if dst_names[-1] in dst_parent:
            raise FileExistsError(dst)
        for file_path, file in files(src_parent[src_names[-1]], src):
            self._require(file, user_id, permission, file_path)
        return src_parent, src_names[-1], dst_parent, dst_names[-1]

    def move(self, src: str, dst: str, user_id: str = ADMIN) -> None:
        src_parent, src_name, dst_parent, dst_name = self._transfer(src, dst, user_id, "write")
        dst_parent[dst_name] = src_parent.pop(src_name)

    def copy(self, src: str, dst: str, user_id: str = ADMIN) -> None:
        src_parent, src_name, dst_parent, dst_name = self._transfer(src, dst, user_id, "read")
        node = src_parent[src_name]
        self._charge(user_id, sum(len(file.content) for _, file in files(node, src)))
        dst_parent[dst_name] = clone(node, user_id)

    def size(self, path: str, user_id: str = ADMIN) -> int:
        self._check_user(user_id)
        return sum(len(file.content) for _, file in files(self._lookup(path), path))

    def find(self, path: str, name_prefix: str = "", extension: str = "", user_id: str = ADMIN) -> list[str]:
        self._check_user(user_id)
        node = self._lookup(path)
        if isinstance(node, File):
            raise NotADirectoryError(path)
        found = []
        for file_path, _ in files(node, path):
            name = file_path.rsplit("/", 1)[1]
            if name.startswith(name_prefix) and name.endswith(extension):
                found.append(file_path)
        return sorted(found)
