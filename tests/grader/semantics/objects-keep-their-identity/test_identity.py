import lab


def test_the_same_object_is_the_same_proxy():
    assert lab.shared() is lab.shared()


def test_an_enum_member_parsed_is_the_member():
    assert lab.parse("[ERR]: disk full") is lab.LogLevel.ERROR


def test_an_object_passed_back_keeps_its_identity():
    registry = lab.Registry()
    item = lab.Registry()
    assert registry.add(item) is item
    assert registry.first() is item
    assert lab.same(item, registry.first())


def test_different_objects_are_different():
    assert lab.Registry() is not lab.Registry()
