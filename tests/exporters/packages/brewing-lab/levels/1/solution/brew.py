STEEP = {"green": 3, "black": 5}


def steep_minutes(tea):
    return STEEP[tea]


def boil_minutes(cups):
    return 2 * cups
