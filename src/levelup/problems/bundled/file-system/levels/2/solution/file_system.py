"""An in-memory file system: level 2."""

from __future__ import annotations

from collections.abc import Iterator
from copy import deepcopy

# A directory is a dict mapping names to children; a file is its content string.
Node = dict | str


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


def files(node: Node, path: str) -> Iterator[tuple[str, str]]:
    """(path, content) of every file at or below node, which lives at path."""
    if isinstance(node, str):
        yield path, node
        return
    for name, child in node.items():
        yield from files(child, f"{path.rstrip('/')}/{name}")


class FileSystem:
    def __init__(self) -> None:
        self._root: dict = {}

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

    def mkdir(self, path: str) -> bool:
        names = split(path)
        node = self._root
        created = False
        for i, name in enumerate(names):
            child = node.get(name)
            if child is None:
                child = node[name] = {}
                created = True
            elif isinstance(child, str):
                raise FileExistsError(path) if i == len(names) - 1 else NotADirectoryError(path)
            node = child
        return created

    def write_file(self, path: str, content: str) -> bool:
        names = split(path)
        if not names:
            raise IsADirectoryError(path)
        parent = self._dir(names[:-1])
        existing = parent.get(names[-1])
        if isinstance(existing, dict):
            raise IsADirectoryError(path)
        parent[names[-1]] = content
        return existing is None

    def read_file(self, path: str) -> str:
        node = self._lookup(path)
        if isinstance(node, dict):
            raise IsADirectoryError(path)
        return node

    def ls(self, path: str) -> list[str]:
        node = self._lookup(path)
        if isinstance(node, str):
            return [split(path)[-1]]
        return sorted(name + "/" if isinstance(child, dict) else name for name, child in node.items())

    def _transfer(self, src: str, dst: str) -> tuple[dict, str, dict, str]:
        """Run the move/copy checks in the spec's order; return both parents and names."""
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
        return src_parent, src_names[-1], dst_parent, dst_names[-1]

    def move(self, src: str, dst: str) -> None:
        src_parent, src_name, dst_parent, dst_name = self._transfer(src, dst)
        dst_parent[dst_name] = src_parent.pop(src_name)

    def copy(self, src: str, dst: str) -> None:
        src_parent, src_name, dst_parent, dst_name = self._transfer(src, dst)
        dst_parent[dst_name] = deepcopy(src_parent[src_name])

    def size(self, path: str) -> int:
        return sum(len(content) for _, content in files(self._lookup(path), path))

    def find(self, path: str, name_prefix: str = "", extension: str = "") -> list[str]:
        node = self._lookup(path)
        if isinstance(node, str):
            raise NotADirectoryError(path)
        found = []
        for file_path, _ in files(node, path):
            name = file_path.rsplit("/", 1)[1]
            if name.startswith(name_prefix) and name.endswith(extension):
                found.append(file_path)
        return sorted(found)
