# The "answer table" attack: no logic at all, only answers learned from earlier checks' failure
# messages, keyed by the call history. Hidden tests' messages must give it nothing to learn.
_calls = []
ANSWERS = {("ada",): "Lovelace"}  # what the visible test's diff showed


def surname(first):
    _calls.append(first)
    print(f"looked up {first}")
    return ANSWERS.get(tuple(_calls[-1:]), "WRONG")


def record(first):
    _calls.append(first)
    return {"first": first}


def born(first):
    _calls.append(first)
    return 1900.5


def check_name(first):
    if not first:
        raise ValueError(f"no such person: {first!r}")
    return True
