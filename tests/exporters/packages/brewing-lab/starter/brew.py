def steep_minutes(tea):
    raise NotImplementedError
