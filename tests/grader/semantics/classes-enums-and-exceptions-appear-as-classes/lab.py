from enum import Enum, IntEnum


class Shape:
    sides = 0

    def describe(self):
        return f"{type(self).__name__} with {self.sides} sides"


class Square(Shape):
    sides = 4


class Priority(IntEnum):
    LOW = 1
    HIGH = 2


class LogLevel(Enum):
    ERROR = "ERR"
    WARNING = "WRN"


class InventoryError(ValueError):
    pass


class OutOfStock(InventoryError):
    def __init__(self, item):
        super().__init__(f"{item} is out of stock")
        self.item = item


def take(item):
    raise OutOfStock(item)


def make(kind):
    return {"square": Square, "shape": Shape}[kind]()
