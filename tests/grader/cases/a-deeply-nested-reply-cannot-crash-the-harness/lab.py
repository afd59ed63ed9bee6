import gc
import socket
import struct

import msgpack

EXT_TUPLE = 1  # how the boundary marks a tuple


def nested_tuple(depth):
    value = ()
    for _ in range(depth):
        value = (value,)
    return value


def send_a_deeply_nested_reply():
    """Write, straight to the harness, a reply holding tuples nested 5000 deep."""
    value = msgpack.packb([])
    for _ in range(5000):
        value = msgpack.packb([msgpack.ExtType(EXT_TUPLE, value)])
    body = msgpack.packb(["ok", 1, msgpack.ExtType(EXT_TUPLE, value), ""])
    for channel in [obj for obj in gc.get_objects() if isinstance(obj, socket.socket) and obj.fileno() >= 0]:
        channel.sendall(struct.pack(">I", len(body)) + body)
    return 5


def add(a, b):
    return nested_tuple(250)
