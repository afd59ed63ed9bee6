FAVOURITE = "Cardamom"


def last_guest(guests):
    return guests.pop()


def favourite_spice():
    return "Cardamom"


class Shelf:
    def __init__(self, label):
        self.label = label


def spell(letters):
    return "".join(letters)
