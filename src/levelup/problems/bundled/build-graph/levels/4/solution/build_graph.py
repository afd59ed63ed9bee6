import heapq

ON_PATH, DONE = 1, 2


class BuildGraph:
    """Targets of a build system, the dependencies between them and what is up to date."""

    def __init__(self) -> None:
        # target name -> names it depends on (may include names not added yet)
        self._deps: dict[str, set[str]] = {}
        # name -> targets that list it; kept so affected() need not scan every target
        self._users: dict[str, set[str]] = {}
        self._stale: set[str] = set()

    def add_target(self, name: str, deps: list[str] | None = None) -> bool:
        """Add a target that depends on deps; False if the target already exists."""
        if name in self._deps:
            return False
        self._deps[name] = set(deps or [])
        for dep in self._deps[name]:
            self._users.setdefault(dep, set()).add(name)
        self._stale.add(name)
        return True

    def dependencies(self, name: str) -> list[str]:
        """Return the direct dependencies of a target, sorted."""
        return sorted(self._deps[name])

    def dependents(self, name: str) -> list[str]:
        """Return the targets that depend directly on name, sorted."""
        if name not in self._deps:
            raise KeyError(name)
        return sorted(self._users.get(name, ()))

    def remove_target(self, name: str) -> bool:
        """Remove a target; False if it does not exist."""
        if name not in self._deps:
            return False
        users = [t for t in self.dependents(name) if t != name]
        if users:
            raise ValueError(f"{name} is needed by {', '.join(users)}")
        for dep in self._deps.pop(name):
            self._users[dep].discard(name)
        self._stale.discard(name)
        return True

    def remove_dependency(self, name: str, dep: str) -> bool:
        """Remove dep from the direct dependencies of name; False if it was not listed."""
        deps = self._deps[name]
        if dep not in deps:
            return False
        deps.remove(dep)
        self._users[dep].discard(name)
        self.touch(name)
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

    def _search(self, roots: list[str]) -> list[str] | None:
        """Depth-first search with colors; the first cycle found, in canonical form."""
        color: dict[str, int] = {}
        path: list[str] = []

        def visit(name: str) -> list[str] | None:
            color[name] = ON_PATH
            path.append(name)
            for dep in sorted(self._deps[name]):
                if dep not in self._deps or color.get(dep) == DONE:
                    continue
                if color.get(dep) == ON_PATH:
                    return path[path.index(dep):]
                found = visit(dep)
                if found:
                    return found
            color[name] = DONE
            path.pop()
            return None

        for root in roots:
            if root not in color:
                loop = visit(root)
                if loop:
                    start = loop.index(min(loop))
                    loop = loop[start:] + loop[:start]
                    return loop + [loop[0]]
        return None

    def find_cycle(self) -> list[str] | None:
        """Return the first cycle the search finds from every target, or None."""
        return self._search(sorted(self._deps))

    def build_order(self, target: str) -> list[str]:
        """Return the closure of target, dependencies first, smallest ready name first."""
        closure = self._closure(target)
        cycle = self._search([target])
        if cycle:
            raise ValueError("cycle: " + " -> ".join(cycle))
        waiting = {name: len(self._deps[name]) for name in closure}
        ready = [name for name, count in waiting.items() if count == 0]
        heapq.heapify(ready)
        order = []
        while ready:
            name = heapq.heappop(ready)
            order.append(name)
            for user in self._users.get(name, ()):
                if user in waiting:
                    waiting[user] -= 1
                    if waiting[user] == 0:
                        heapq.heappush(ready, user)
        return order

    def affected(self, name: str) -> list[str]:
        """Return name plus every target that depends on it directly or indirectly, sorted."""
        if name not in self._deps:
            raise KeyError(name)
        seen = {name}
        stack = [name]
        while stack:
            for user in self._users.get(stack.pop(), ()):
                if user not in seen:
                    seen.add(user)
                    stack.append(user)
        return sorted(seen)

    def touch(self, name: str) -> None:
        """Mark name and everything that depends on it as needing a rebuild."""
        self._stale.update(self.affected(name))

    def build(self, target: str) -> list[str]:
        """Build the stale targets of target's closure in build order and return them."""
        built = [name for name in self.build_order(target) if name in self._stale]
        self._stale.difference_update(built)
        return built

    def rebuild_waves(self, target: str) -> list[list[str]]:
        """Group what build(target) would build into waves of independent targets."""
        wave: dict[str, int] = {}
        for name in self.build_order(target):
            if name in self._stale:
                below = [wave[dep] for dep in self._deps[name] if dep in wave]
                wave[name] = max(below, default=-1) + 1
        waves: list[list[str]] = [[] for _ in range(max(wave.values(), default=-1) + 1)]
        for name in sorted(wave):
            waves[wave[name]].append(name)
        return waves
