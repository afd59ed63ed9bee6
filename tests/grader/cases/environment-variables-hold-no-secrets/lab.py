import os


def variable(name):
    return os.environ[name]


def environments():
    """This process's environment and that of every process it can see."""
    found = [dict(os.environ)]
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/environ", "rb") as file:
                entries = file.read().decode(errors="replace").split("\0")
        except OSError:
            continue
        found.append(dict(entry.split("=", 1) for entry in entries if "=" in entry))
    return found


def add(a, b):
    return a - b
