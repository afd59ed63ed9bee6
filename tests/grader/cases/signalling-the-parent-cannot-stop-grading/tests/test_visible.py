import os
import signal

import lab


def test_attack():
    assert lab.attack() == "survived"


def test_next_test_still_runs():
    assert lab.add(1, 1) == 2


def test_signal_the_harness_by_its_pid():
    received = []
    previous = signal.signal(signal.SIGUSR1, lambda *_: received.append(True))
    try:
        assert lab.send_signal(os.getpid(), signal.SIGUSR1) == "sent"
    finally:
        signal.signal(signal.SIGUSR1, previous)
        assert received == [], "the candidate's code signalled the harness"
