import os


def visible_processes():
    """pid -> command line of every process this code can see."""
    found = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as file:
                found[int(pid)] = file.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            pass
    return found


def read_memory_map(pid):
    with open(f"/proc/{pid}/maps") as file:
        return file.read()


def read_environment(pid):
    with open(f"/proc/{pid}/environ", "rb") as file:
        return file.read().decode(errors="replace")


def add(a, b):
    return a - b
