STEEP = {"green": 3, "black": 5}


def steep_minutes(tea):
    return STEEP[tea]


def boil_minutes(cups):
    return 2 * cups


def pot_minutes(tea, cups):
    return boil_minutes(cups) + steep_minutes(tea)
