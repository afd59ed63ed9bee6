# Finds the worker's shared-memory mailbox on its own stack and forges the reply slot: the right
# sequence number with an impossible length.
import struct
import sys
import time


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


def add(a, b):
    _publish_reply(b"", length=0x7FFFFFFF)
    return a + b


def sub(a, b):
    return a - b
