"""Message shapes shared by both sides of the boundary (plain lists, encoded by `codec`).

Requests (harness -> worker): [op, call_id, *arguments]
Responses (worker -> harness): [REPLY_OK, call_id, value, output] or
                               [REPLY_ERROR, call_id, error_description, output]
"""

from __future__ import annotations

OP_IMPORT = "import"  # [module]                       -> None, or error if the import fails
OP_MODULE_ATTR = "module_attr"  # [module, name]       -> value
OP_GETATTR = "getattr"  # [handle, name]               -> value (methods come back as METHOD markers)
OP_SETATTR = "setattr"  # [handle, name, value]        -> None
OP_CALL = "call"  # [handle, args, kwargs]             -> value
OP_CALL_METHOD = "call_method"  # [handle, name, args, kwargs] -> value
OP_OPERATOR = "operator"  # [operator name, args]      -> value (e.g. "mul", [handle, 3])

REPLY_OK = "ok"
REPLY_ERROR = "error"

# Operators a handle forwards to the worker. Comparisons, truth and hashing are deliberately absent:
# a handle is equal only to itself, so no candidate object can make a test assertion pass.
BINARY_OPERATORS = (
    "add",
    "sub",
    "mul",
    "truediv",
    "floordiv",
    "mod",
    "pow",
    "matmul",
    "and_",
    "or_",
    "xor",
    "lshift",
    "rshift",
)
UNARY_OPERATORS = ("neg", "pos", "abs", "invert")
OTHER_OPERATORS = (
    "len",
    "getitem",
    "setitem",
    "delitem",
    "iter",
    "next",
    "str",
    "enter",
    "exit",
)
ALL_OPERATORS = frozenset(BINARY_OPERATORS + UNARY_OPERATORS + OTHER_OPERATORS)

# How an error description looks: a dict of plain values.
#   kind: "exception" | "import" | "boundary"
#   type: exception class name, base: nearest built-in exception class name
#   message: str (capped), traceback: str (frames in the candidate's files only)
MAX_MESSAGE_CHARS = 2000
MAX_TRACEBACK_CHARS = 6000
MAX_OUTPUT_CHARS = 64 * 1024

# How long a side waiting on the sequential channel polls before it sleeps. A reply, or a test's
# next call, usually comes within tens of microseconds, and a message that finds its receiver
# still running skips the costly wake-up.
SPIN_SECONDS = 0.0002
