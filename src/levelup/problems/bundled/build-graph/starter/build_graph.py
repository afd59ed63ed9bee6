class BuildGraph:
    """Targets of a build system and the dependencies between them."""

    def __init__(self) -> None:
        pass

    def add_target(self, name: str, deps: list[str] | None = None) -> bool:
        """Add a target that depends on deps; False if the target already exists."""
        raise NotImplementedError

    def dependencies(self, name: str) -> list[str]:
        """Return the direct dependencies of a target, sorted."""
        raise NotImplementedError

    def dependents(self, name: str) -> list[str]:
        """Return the targets that depend directly on name, sorted."""
        raise NotImplementedError

    def remove_target(self, name: str) -> bool:
        """Remove a target; False if it does not exist."""
        raise NotImplementedError
