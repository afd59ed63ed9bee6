class PiggyBank:
    def __init__(self):
        # TODO: implement
        pass
