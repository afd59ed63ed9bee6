"""Functions to time a pot of tea."""

STEEP_MINUTES = 3
BOIL_MINUTES_PER_CUP = 2


def steeping_time_remaining(elapsed_minutes):
    """Calculate the steeping time left.

    :param elapsed_minutes: int - minutes the tea has steeped so far.
    :return: int - minutes left.
    """
    return STEEP_MINUTES - elapsed_minutes


def boiling_time(cups):
    """Calculate the minutes the kettle needs.

    :param cups: int - cups of water to boil.
    :return: int - minutes of boiling.
    """
    return cups * BOIL_MINUTES_PER_CUP


def total_time(cups, elapsed_minutes):
    """Calculate the minutes spent so far.

    :param cups: int - cups of water boiled.
    :param elapsed_minutes: int - minutes the tea has steeped.
    :return: int - boiling plus steeping minutes.
    """
    return boiling_time(cups) + elapsed_minutes
