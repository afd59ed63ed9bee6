"""An in-memory file system. Nothing here touches the real disk."""


class FileSystem:
    def __init__(self) -> None:
        """Start with an empty root directory "/"."""

    def mkdir(self, path: str) -> bool:
        """Create the directory at path and any missing parents."""
        raise NotImplementedError

    def write_file(self, path: str, content: str) -> bool:
        """Create or replace the file at path with content."""
        raise NotImplementedError

    def read_file(self, path: str) -> str:
        """Return the content of the file at path."""
        raise NotImplementedError

    def ls(self, path: str) -> list[str]:
        """List the directory at path (or name the file at path)."""
        raise NotImplementedError
