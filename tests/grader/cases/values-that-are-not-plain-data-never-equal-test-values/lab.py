import socket
import sys


def make_adder(n):
    return lambda x: x + n


def squares(n):
    return (i * i for i in range(n))


def open_socket():
    return socket.socketpair()[0]


def this_module():
    return sys.modules[__name__]
