import heapq


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

    def _closure(self, target: str) -> set[str]:
        """The target plus everything it depends on; KeyError if any of them is missing."""
        seen = {target}
        stack = [target]
        while stack:
            name = stack.pop()
            if name not in self._deps:
                raise KeyError(name)
            for dep in self._deps[name]:
                if dep not in seen:
                    seen.add(dep)
                    stack.append(dep)
        return seen

    def all_dependencies(self, name: str) -> list[str]:
        """Return everything name depends on directly or indirectly, sorted."""
        return sorted(self._closure(name) - {name})

    def build_order(self, target: str) -> list[str]:
        """Return the closure of target, dependencies first, smallest ready name first."""
        closure = self._closure(target)
        waiting = {name: len(self._deps[name]) for name in closure}
        users: dict[str, list[str]] = {name: [] for name in closure}
        for name in closure:
            for dep in self._deps[name]:
                users[dep].append(name)
        ready = [name for name, count in waiting.items() if count == 0]
        heapq.heapify(ready)
        order = []
        while ready:
            name = heapq.heappop(ready)
            order.append(name)
            for user in users[name]:
                waiting[user] -= 1
                if waiting[user] == 0:
                    heapq.heappush(ready, user)
        return order
