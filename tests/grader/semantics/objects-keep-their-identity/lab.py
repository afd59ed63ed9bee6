from enum import Enum


class LogLevel(Enum):
    ERROR = "ERR"
    WARNING = "WRN"


class Registry:
    def __init__(self):
        self.items = []

    def add(self, item):
        self.items.append(item)
        return item

    def first(self):
        return self.items[0]


_SHARED = Registry()


def shared():
    return _SHARED


def parse(line):
    return LogLevel(line[1:4])


def same(a, b):
    return a is b
