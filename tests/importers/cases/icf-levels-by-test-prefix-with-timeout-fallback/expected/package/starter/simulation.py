def simulate_coding_framework(queries: list[list[str]]) -> list[str]:
    """
    Run every query in order and return one output string per query.
    """
    # TODO: implement
    return []
