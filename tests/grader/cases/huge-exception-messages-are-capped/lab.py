class Unprintable(Exception):
    def __str__(self):
        raise RuntimeError("no message for you")


def explode():
    raise ValueError("x" * 10_000_000)


def explode_with_many_lines():
    raise ValueError("PASSED test_visible.py::test_add\n" * 1_000_000)


def explode_with_a_huge_class_name():
    raise type("E" * 100_000, (ValueError,), {})("boom")


def explode_unprintably():
    raise Unprintable()


def explode_with_huge_arguments():
    raise KeyError(*(["k" * 1_000_000] * 100))
