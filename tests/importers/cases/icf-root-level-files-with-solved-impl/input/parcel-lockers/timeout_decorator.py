"""A small stand-in for the timeout-decorator package: a test that runs too long fails."""

import functools
import signal


class TimeoutError(AssertionError):
    pass


def timeout(seconds):
    def decorate(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            def expire(signum, frame):
                raise TimeoutError(f"timed out after {seconds} s")

            previous = signal.signal(signal.SIGALRM, expire)
            signal.setitimer(signal.ITIMER_REAL, seconds)
            try:
                return function(*args, **kwargs)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)

        return wrapper

    return decorate
