import lab


def test_a_function_has_its_name_and_qualified_name():
    assert lab.steep_minutes.__name__ == "steep_minutes"
    assert lab.Kettle.pour.__qualname__ == "Kettle.pour"


def test_a_documented_function_has_its_docstring():
    for function in [lab.steep_minutes, lab.Kettle.pour]:
        assert function.__doc__ is not None, function.__name__
    assert "steeps" in lab.steep_minutes.__doc__


def test_an_undocumented_function_has_none():
    assert lab.undocumented.__doc__ is None


def test_a_class_and_its_objects_have_the_class_docstring():
    assert lab.Kettle.__doc__ == "Boils water."
    assert lab.Kettle().__doc__ == "Boils water."
    assert lab.Plain.__doc__ is None


def test_a_bound_method_has_its_name_and_docstring():
    pour = lab.Kettle().pour
    assert pour.__name__ == "pour"
    assert pour.__doc__ == "Pours one cup."
