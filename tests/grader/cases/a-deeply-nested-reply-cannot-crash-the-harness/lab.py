import gc
import socket
import struct
import sys
import time

import msgpack

EXT_TUPLE = 1  # how the boundary marks a tuple

REPLY_SLOT = 64 + 256 * 1024  # where the worker's shared-memory mailbox keeps its reply


def _mailbox():
    """The worker's mailbox, found on this call's own stack."""
    frame = sys._getframe()
    while frame is not None:
        for value in frame.f_locals.values():
            if type(value).__name__ == "Mailbox":
                return value
        frame = frame.f_back
    raise RuntimeError("no mailbox found: the sequential channel is not in shared memory here")


def _publish_reply(body, length=None):
    """Put `body` in the reply slot as the answer to the current request, ring the harness, and
    keep it there (the worker's own reply would overwrite it) while the harness reads it."""
    box = _mailbox()
    memory = box._memory
    (request_number,) = struct.unpack_from("<I", memory, 0)
    memory[REPLY_SLOT + 64 : REPLY_SLOT + 64 + len(body)] = body
    struct.pack_into("<I", memory, REPLY_SLOT + 4, len(body) if length is None else length)
    struct.pack_into("<I", memory, REPLY_SLOT, request_number)
    box.bell.send(b"\0")
    time.sleep(0.5)


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
    _publish_reply(body)  # through shared memory, the way replies normally travel
    for channel in [obj for obj in gc.get_objects() if isinstance(obj, socket.socket) and obj.fileno() >= 0]:
        channel.sendall(struct.pack(">I", len(body)) + body)
    return 5


def add(a, b):
    return nested_tuple(250)
