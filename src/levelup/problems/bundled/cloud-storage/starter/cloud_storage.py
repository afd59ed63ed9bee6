class CloudStorage:
    """An in-memory cloud storage service that keeps files by name."""

    def __init__(self) -> None:
        pass

    def add_file(self, name: str, size: int) -> bool:
        """Store a new file of the given size; False if a file with this name exists."""
        raise NotImplementedError

    def get_file_size(self, name: str) -> int | None:
        """Return the size of the file, or None if there is no such file."""
        raise NotImplementedError

    def delete_file(self, name: str) -> int | None:
        """Remove the file and return its size, or None if there is no such file."""
        raise NotImplementedError
