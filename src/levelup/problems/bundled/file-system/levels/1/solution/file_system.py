"""An in-memory file system: level 1."""

from __future__ import annotations

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
