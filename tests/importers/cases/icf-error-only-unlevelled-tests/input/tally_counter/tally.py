class Tally:
    def __init__(self):
        self.counts = {}

    def add(self, name):
        self.counts[name] = self.counts.get(name, 0) + 1
        return self.counts[name]

    def leader(self):
        if not self.counts:
            return None
        return min(self.counts, key=lambda name: (-self.counts[name], name))
