from dataclasses import dataclass
from functools import total_ordering


@total_ordering
class Clock:
    def __init__(self, hour, minute):
        total = (hour * 60 + minute) % (24 * 60)
        self.hour, self.minute = divmod(total, 60)

    def __eq__(self, other):
        if not isinstance(other, Clock):
            return NotImplemented
        return (self.hour, self.minute) == (other.hour, other.minute)

    def __lt__(self, other):
        if not isinstance(other, Clock):
            return NotImplemented
        return (self.hour, self.minute) < (other.hour, other.minute)

    def __hash__(self):
        return hash((self.hour, self.minute))

    def __repr__(self):
        return f"Clock({self.hour}, {self.minute})"

    def __str__(self):
        return f"{self.hour:02d}:{self.minute:02d}"


@dataclass(frozen=True)
class Point:
    x: int
    y: int


class Tree:
    def __init__(self, label, children=None):
        self.label = label
        self.children = children or []

    def __eq__(self, other):
        if not isinstance(other, Tree):
            return NotImplemented
        return self.label == other.label and self.children == other.children

    def size(self):
        return 1 + sum(child.size() for child in self.children)
