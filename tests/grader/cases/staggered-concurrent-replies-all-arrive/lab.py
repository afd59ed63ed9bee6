import threading
import time

_barrier = threading.Barrier(6, timeout=10)


def meet_then_wait(index):
    """All six callers meet, then each returns after its own delay: replies arrive one by one."""
    _barrier.wait()
    time.sleep(0.03 * (5 - index))  # the first caller (on the sequential channel) returns last
    return index
