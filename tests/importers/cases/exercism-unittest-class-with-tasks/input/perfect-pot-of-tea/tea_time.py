"""Functions to time a pot of tea."""


# TODO: define the 'STEEP_MINUTES' constant below.


def steeping_time_remaining(elapsed_minutes):
    """Calculate the steeping time left.

    :param elapsed_minutes: int - minutes the tea has steeped so far.
    :return: int - minutes left.
    """
    pass


# TODO: define the 'boiling_time()' function below.


# TODO: define the 'total_time()' function below.
