class Tally:
    def __init__(self):
        # TODO: implement
        pass
