import os
import subprocess
import time

LIFETIME_SECONDS = 30  # a safety net of its own: the forked daemon ends by itself


def spawn_daemons():
    """Leave processes behind: `sleep 1000` in its own session, and a double-forked daemon."""
    subprocess.Popen(["sleep", "1000"], start_new_session=True)
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            deadline = time.monotonic() + LIFETIME_SECONDS
            while time.monotonic() < deadline:
                time.sleep(0.1)
        os._exit(0)
    return "spawned"


def add(a, b):
    spawn_daemons()
    return a - b
