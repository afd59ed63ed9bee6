import socket


def resolve(name):
    return sorted({info[4][0] for info in socket.getaddrinfo(name, 443)})


def add(a, b):
    return a - b
