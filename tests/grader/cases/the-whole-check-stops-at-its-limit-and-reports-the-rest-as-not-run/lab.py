import time


def quick():
    return 1


def forever():
    while True:
        time.sleep(1)
