import os
import signal


def attack():
    for pid in (os.getppid(), 0):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    return "survived"


def add(a, b):
    return a + b


def send_signal(pid, signal_number):
    os.kill(pid, signal_number)
    return "sent"
