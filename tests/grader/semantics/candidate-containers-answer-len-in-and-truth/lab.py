class Stack:
    def __init__(self):
        self._items = []

    def push(self, item):
        self._items.append(item)

    def __len__(self):
        return len(self._items)

    def __contains__(self, item):
        return item in self._items

    def __getitem__(self, index):
        return self._items[index]

    def __iter__(self):
        return iter(self._items)

    def __setitem__(self, index, value):
        self._items[index] = value


class Switch:
    def __init__(self, on):
        self.on = on

    def __bool__(self):
        return self.on
