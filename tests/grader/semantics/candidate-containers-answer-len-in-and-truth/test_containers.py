from lab import Stack, Switch


def test_an_empty_container_is_falsy():
    assert not Stack()
    stack = Stack()
    stack.push(1)
    assert stack


def test_len_in_indexing_and_iteration():
    stack = Stack()
    for item in ("a", "b", "c"):
        stack.push(item)
    assert len(stack) == 3
    assert "b" in stack
    assert "z" not in stack
    assert stack[0] == "a"
    assert stack[-1] == "c"
    assert list(stack) == ["a", "b", "c"]
    stack[0] = "x"
    assert stack[0] == "x"


def test_truth_of_an_object_with_bool():
    assert Switch(True)
    assert not Switch(False)
