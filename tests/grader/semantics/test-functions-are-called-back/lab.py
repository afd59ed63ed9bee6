class Person:
    def __init__(self, name, age):
        self.name = name
        self.age = age


def people():
    return [Person("Ada", 36), Person("Grace", 25)]


def apply(function, values):
    return [function(value) for value in values]


def youngest_first(persons, key):
    return [person.name for person in sorted(persons, key=key)]


def notify(callback, message):
    callback(message)
    return "sent"


def twice(function, value):
    return function(function(value))


def add(a, b):
    return a + b
