import hashlib
import heapq
import json
from dataclasses import dataclass

ON_PATH, DONE = 1, 2


@dataclass
class Target:
    """One target: its build rule (dependencies and source) and what it was last built from."""

    deps: set[str]
    source: str = ""
    built_from: str | None = None  # fingerprint at the last build; None if never built


class BuildGraph:
    """Targets of a build system, the dependencies between them and what each was built from."""

    def __init__(self) -> None:
        # target name -> its record; dependencies may name targets not added yet
        self._targets: dict[str, Target] = {}
        # name -> targets that list it (also for names not added yet), so affected() is a plain walk
        self._users: dict[str, set[str]] = {}

    def add_target(self, name: str, deps: list[str] | None = None, source: str = "") -> bool:
        """Add a target with its dependencies and source text; False if it already exists."""
        if name in self._targets:
            return False
        self._targets[name] = Target(set(deps or []), source)
        for dep in self._targets[name].deps:
            self._users.setdefault(dep, set()).add(name)
        return True

    def dependencies(self, name: str) -> list[str]:
        """Return the direct dependencies of a target, sorted."""
        return sorted(self._targets[name].deps)

    def dependents(self, name: str) -> list[str]:
        """Return the targets that depend directly on name, sorted."""
        if name not in self._targets:
            raise KeyError(name)
        return sorted(self._users.get(name, ()))

    def remove_target(self, name: str) -> bool:
        """Remove a target and what it was built from; False if it does not exist."""
        if name not in self._targets:
            return False
        users = [t for t in self.dependents(name) if t != name]
        if users:
            raise ValueError(f"{name} is needed by {', '.join(users)}")
        for dep in self._targets.pop(name).deps:
            self._users[dep].discard(name)
        return True

    def remove_dependency(self, name: str, dep: str) -> bool:
        """Remove dep from the direct dependencies of name; False if it was not listed."""
        target = self._targets[name]
        if dep not in target.deps:
            return False
        target.deps.remove(dep)
        self._users[dep].discard(name)
        return True

    def set_source(self, name: str, text: str) -> None:
        """Replace the source text of a target."""
        self._targets[name].source = text

    def _closure(self, target: str) -> set[str]:
        """The target plus everything it depends on; KeyError if any of them is missing."""
        seen = {target}
        stack = [target]
        while stack:
            name = stack.pop()
            if name not in self._targets:
                raise KeyError(name)
            for dep in self._targets[name].deps:
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
            for dep in sorted(self._targets[name].deps):
                if dep not in self._targets or color.get(dep) == DONE:
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
        return self._search(sorted(self._targets))

    def build_order(self, target: str) -> list[str]:
        """Return the closure of target, dependencies first, smallest ready name first."""
        closure = self._closure(target)
        cycle = self._search([target])
        if cycle:
            raise ValueError("cycle: " + " -> ".join(cycle))
        waiting = {name: len(self._targets[name].deps) for name in closure}
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
        if name not in self._targets:
            raise KeyError(name)
        seen = {name}
        stack = [name]
        while stack:
            for user in self._users.get(stack.pop(), ()):
                if user not in seen:
                    seen.add(user)
                    stack.append(user)
        return sorted(seen)

    def _fingerprints(self, target: str) -> dict[str, str]:
        """A hash of each closure target's source, dependencies and their fingerprints."""
        fingerprints: dict[str, str] = {}
        for name in self.build_order(target):
            node = self._targets[name]
            inputs = [node.source, [[dep, fingerprints[dep]] for dep in sorted(node.deps)]]
            fingerprints[name] = hashlib.sha256(json.dumps(inputs).encode()).hexdigest()
        return fingerprints

    def _outdated(self, target: str) -> dict[str, str]:
        """The targets build(target) would build, in build order, with their new fingerprints."""
        fingerprints = self._fingerprints(target)
        return {name: fp for name, fp in fingerprints.items() if self._targets[name].built_from != fp}

    def build(self, target: str) -> list[str]:
        """Build the out-of-date targets of target's closure in build order and return them."""
        outdated = self._outdated(target)
        for name, fingerprint in outdated.items():
            self._targets[name].built_from = fingerprint
        return list(outdated)

    def rebuild_waves(self, target: str) -> list[list[str]]:
        """Group what build(target) would build into waves of independent targets."""
        wave: dict[str, int] = {}
        for name in self._outdated(target):
            below = [wave[dep] for dep in self._targets[name].deps if dep in wave]
            wave[name] = max(below, default=-1) + 1
        waves: list[list[str]] = [[] for _ in range(max(wave.values(), default=-1) + 1)]
        for name in sorted(wave):
            waves[wave[name]].append(name)
        return waves
