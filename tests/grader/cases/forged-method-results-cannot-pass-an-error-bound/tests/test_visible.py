import lab


def test_a_method_of_the_difference_cannot_decide_an_error_bound():
    assert (1.5 - lab.measure()).max() <= 1e-9


def test_a_method_answer_cannot_be_a_truth_value():
    assert (lab.measure() - 1.5).is_close(1e-9)


def test_attribute_reads_of_a_combined_object_still_answer():
    assert (lab.Box(2) ** 3).data == 8


def test_attribute_reads_after_a_method_of_a_combined_object_still_answer():
    assert (lab.Box(2) ** 3).doubled().data == 16


def test_text_from_a_method_of_a_combined_object_can_be_shown():
    assert str((lab.Box(2) ** 3).describe()) == "Box(8)"
