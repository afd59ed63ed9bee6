import os


def overwrite(path, text):
    with open(path, "w") as file:
        file.write(text)


def scribble(folders, name):
    """Leave a file called `name` in each folder and in every folder above this code."""
    written = []
    for folder in [*folders, ".", "..", "../..", "../../..", "../../../..", "/", "/tmp", "/var/tmp", "/dev/shm"]:
        path = os.path.join(folder, name)
        try:
            overwrite(path, "written by the candidate's code")
            written.append(path)
        except OSError:
            pass
    return written


def add(a, b):
    return a - b
