import os
import signal
import time

# Both attacks carry safety nets of their own, so a sandbox failure cannot take the machine
# down: at most 2000 forks in all, and every process they start exits within 10 seconds.
MAX_FORKS = 2000
LIFETIME_SECONDS = 10


def fork_bomb():
    deadline = time.monotonic() + LIFETIME_SECONDS
    tokens, refill = os.pipe()  # one byte per allowed fork, shared by every process of the bomb
    os.write(refill, b"x" * MAX_FORKS)
    os.close(refill)
    os.set_blocking(tokens, False)
    is_child = False
    while time.monotonic() < deadline:
        if not os.read(tokens, 1):
            time.sleep(0.05)
            continue
        try:
            if os.fork() == 0:
                is_child = True
                signal.alarm(LIFETIME_SECONDS)
        except OSError:
            pass  # out of processes: keep trying, as a real bomb would
    if is_child:
        os._exit(0)
    return "exploded"


def hold_processes(count):
    """Start `count` processes that stay alive together; raise if the system refuses one."""
    release, hold = os.pipe()
    children = []
    failure = None
    for _ in range(count):
        try:
            pid = os.fork()
        except OSError as exc:
            failure = exc
            break
        if pid == 0:
            os.close(hold)
            signal.alarm(LIFETIME_SECONDS)
            os.read(release, 1)  # returns once the parent closes its end, or dies
            os._exit(0)
        children.append(pid)
    os.close(hold)
    for pid in children:
        os.waitpid(pid, 0)
    os.close(release)
    if failure is not None:
        raise RuntimeError(f"fork failed after {len(children)} processes: {failure}")
    return len(children)


def add(a, b):
    return a + b
