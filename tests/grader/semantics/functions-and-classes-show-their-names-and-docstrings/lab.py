"""A tiny recipe book."""


def steep_minutes(cups):
    """How long the tea steeps for this many cups."""
    return 3 + cups


def undocumented(cups):
    return cups


class Kettle:
    """Boils water."""

    def pour(self):
        """Pours one cup."""
        return "cup"


class Plain:
    pass
