class BuildGraph:
    """Targets of a build system and the dependencies between them."""

    def __init__(self) -> None:
        # target name -> names it depends on (may include names not added yet)
        self._deps: dict[str, set[str]] = {}

    def add_target(self, name: str, deps: list[str] | None = None) -> bool:
        """Add a target that depends on deps; False if the target already exists."""
        if name in self._deps:
            return False
        self._deps[name] = set(deps or [])
        return True

    def dependencies(self, name: str) -> list[str]:
        """Return the direct dependencies of a target, sorted."""
        return sorted(self._deps[name])

    def dependents(self, name: str) -> list[str]:
        """Return the targets that depend directly on name, sorted."""
        if name not in self._deps:
            raise KeyError(name)
        return sorted(t for t, deps in self._deps.items() if name in deps)

    def remove_target(self, name: str) -> bool:
        """Remove a target; False if it does not exist."""
        if name not in self._deps:
            return False
        users = [t for t in self.dependents(name) if t != name]
        if users:
            raise ValueError(f"{name} is needed by {', '.join(users)}")
        del self._deps[name]
        return True
