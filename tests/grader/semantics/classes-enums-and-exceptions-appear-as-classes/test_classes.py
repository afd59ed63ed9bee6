import lab
import pytest
from lab import InventoryError, LogLevel, OutOfStock, Priority, Shape, Square


def test_isinstance_follows_the_class_hierarchy():
    square = lab.make("square")
    assert isinstance(square, Square)
    assert isinstance(square, Shape)
    assert not isinstance(lab.make("shape"), Square)
    assert type(square) is Square


def test_issubclass_and_class_attributes():
    assert issubclass(Square, Shape)
    assert Square.sides == 4
    assert Square().describe() == "Square with 4 sides"


def test_exception_classes_are_real_exception_classes():
    assert issubclass(OutOfStock, InventoryError)
    assert issubclass(InventoryError, ValueError)
    with pytest.raises(InventoryError, match="milk is out of stock"):
        lab.take("milk")
    with pytest.raises(OutOfStock):
        lab.take("eggs")
    with pytest.raises(ValueError):
        lab.take("bread")


def test_enum_classes_iterate_and_look_up():
    assert [member.name for member in LogLevel] == ["ERROR", "WARNING"]
    assert LogLevel("ERR") is LogLevel.ERROR
    assert LogLevel("ERR") == LogLevel.ERROR
    assert LogLevel.WARNING.value == "WRN"
    assert LogLevel["WARNING"] is LogLevel.WARNING
    assert len(LogLevel) == 2


def test_int_enums_are_their_values():
    assert Priority.HIGH == 2
    assert Priority.LOW < Priority.HIGH
    assert Priority(1) is Priority.LOW
