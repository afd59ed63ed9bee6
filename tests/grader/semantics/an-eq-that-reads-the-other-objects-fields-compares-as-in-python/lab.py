class Fraction:
    def __init__(self, top, bottom):
        self.top, self.bottom = top, bottom

    def __eq__(self, other):  # no isinstance check: reads the other object's fields
        return self.top * other.bottom == other.top * self.bottom


class Bag:
    def __init__(self, items=()):
        self.items = list(items)

    def holds_all_of(self, other):
        return all(item in other.items for item in self.items)

    def __eq__(self, other):  # an empty bag answers before it touches `other`
        return self.holds_all_of(other) and other.holds_all_of(self)
