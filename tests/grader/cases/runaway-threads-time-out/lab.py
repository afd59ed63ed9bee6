import threading
import time

MAX_THREADS = 5000
LIFETIME_SECONDS = 10  # a safety net of its own: every thread stops by itself


def _spin(deadline):
    while time.monotonic() < deadline:
        pass


def flood():
    deadline = time.monotonic() + LIFETIME_SECONDS
    started = 0
    for _ in range(MAX_THREADS):
        try:
            threading.Thread(target=_spin, args=(deadline,), daemon=True).start()
            started += 1
        except RuntimeError:
            break  # the system refused a thread: spin with what there is
    _spin(deadline)
    return started


def add(a, b):
    return a + b
