import random

GREETING = "hello"


def greet(name):
    return f"{GREETING}, {name}"


def roll():
    return random.randint(1, 6)


def today_label():
    return label_for(3)


def label_for(number):
    return f"day {number}"
