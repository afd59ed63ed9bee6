import gc
import json
import socket
import struct
import sys

import msgpack


def _send_to_every_channel(data):
    """Write to each of the worker's sockets to the harness, found among the live objects."""
    for channel in [obj for obj in gc.get_objects() if isinstance(obj, socket.socket) and obj.fileno() >= 0]:
        channel.sendall(data)


def _frame(body):
    return struct.pack(">I", len(body)) + body


def send_garbage():
    _send_to_every_channel(_frame(b"\xc1" * 5))  # 0xc1 is never valid msgpack
    return 5


def claim_a_4_gib_frame():
    _send_to_every_channel(b"\xff\xff\xff\xff")
    return 5


def patch_the_serializers():
    """Every later reply is a well-formed frame holding a malformed message."""
    codec = sys.modules["levelup.grading.boundary.codec"]
    wrong_shape = _frame(msgpack.packb(["ok"]))
    codec.Encoder.encode = lambda self, value: wrong_shape
    msgpack.packb = lambda *args, **kwargs: b"\xc1"
    json.dumps = lambda *args, **kwargs: "{"
    return 5


def add(a, b):
    return a + b
