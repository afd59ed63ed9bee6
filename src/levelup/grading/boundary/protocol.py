"""Message shapes shared by both sides of the boundary (plain lists, encoded by `codec`).

Requests (harness -> worker): [op, call_id, keep, arguments]
  `keep` is true when the result must come back as a handle, never as plain data: the request
  involves a value the candidate's code computed from the test's data (see `proxy`, "tainted").
  A worker that answers such a request with plain data breaks the protocol.
Responses (worker -> harness): [REPLY_OK, call_id, value, output] or
                               [REPLY_ERROR, call_id, error_description, output]
  A request whose arguments held mutable containers (shared mode, see `codec`) gets a fifth
  element: [[index, new state], ...] for each argument container the call changed.
Callbacks (worker -> harness, while a request is outstanding, on the request's channel):
  [CALLBACK, callback_call_id, callback_id, args, kwargs], answered by the harness with
  [CALLBACK_REPLY, callback_call_id, ok, value_or_error_description].
"""

from __future__ import annotations

OP_IMPORT = "import"  # [module]                       -> None, or error if the import fails
OP_MODULE_ATTR = "module_attr"  # [module, name]       -> value
OP_MODULE_SETATTR = "module_setattr"  # [module, name, value] -> None (a test's patch)
OP_MODULE_DELATTR = "module_delattr"  # [module, name]  -> None (a patch being undone)
OP_GETATTR = "getattr"  # [handle, name]               -> [is_plain_method, value]
OP_SETATTR = "setattr"  # [handle, name, value]        -> None
OP_CALL = "call"  # [handle, args, kwargs]             -> value
OP_CALL_METHOD = "call_method"  # [handle, name, args, kwargs] -> value
OP_OPERATOR = "operator"  # [operator name, args]      -> value (e.g. "mul", [handle, 3])
OP_REPR = "repr"  # [handle]                           -> str
OP_COMPARE = "compare"  # [operator name, a, b]        -> value (two objects of the candidate's)
OP_GENERATOR = "generator"  # [handle, action, value]  -> value ("send", "throw", "close")

REPLY_OK = "ok"
REPLY_ERROR = "error"
CALLBACK = "callback"
CALLBACK_REPLY = "callback_reply"

# Operators a handle forwards to the worker. Comparisons, truth and hashing with a test's value
# are deliberately absent: those are decided in the harness (see `proxy`).
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
COMPARISONS = ("eq", "ne", "lt", "le", "gt", "ge")
# conversions of a candidate object to plain data: refused for tainted handles
CONVERSIONS = ("bool", "len", "int", "float", "index", "complex", "hash", "array", "contains")
OTHER_OPERATORS = (
    "getitem",
    "setitem",
    "delitem",
    "iter",
    "next",
    "str",
    "enter",
    "exit",
)
ALL_OPERATORS = frozenset(BINARY_OPERATORS + UNARY_OPERATORS + CONVERSIONS + OTHER_OPERATORS)

# How an error description looks: a dict of plain values.
#   kind: "exception" | "import" | "boundary" | "exit"
#   type: exception class name, base: nearest built-in exception class name
#   class: the exception's class as a class handle (its mirrored hierarchy), when it has one
#   message: str (capped), traceback: str (frames in the candidate's files only)
MAX_MESSAGE_CHARS = 2000
MAX_TRACEBACK_CHARS = 6000
MAX_OUTPUT_CHARS = 64 * 1024
MAX_REPR_CHARS = 2000
MAX_CALLBACK_DEPTH = 16

# How long a side waiting on the sequential channel polls before it sleeps. A reply, or a test's
# next call, usually comes within tens of microseconds, and a message that finds its receiver
# still running skips the costly wake-up.
SPIN_SECONDS = 0.0002
