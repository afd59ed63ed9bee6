import pytest
from board_game import Game


def play(game, columns):
    return [game.drop(game.current_player(), col) for col in columns]


def put(game, cells):
    """Place one piece per (row, col) for whoever's turn it is."""
    for row, col in cells:
        game.place(game.current_player(), row, col)


def core_rules(game):
    rules = game.rules()
    return {key: rules[key] for key in ("win", "gravity", "wrap")}


def test_default_rules():
    game = Game(6, 7, 4, ["A", "B"])
    assert core_rules(game) == {"win": "line", "gravity": True, "wrap": False}


def test_missing_rules_take_their_defaults():
    game = Game(6, 7, 4, ["A", "B"], rules={"wrap": True})
    assert core_rules(game) == {"win": "line", "gravity": True, "wrap": True}


def test_invalid_rules_are_rejected():
    for rules in [{"colour": "red"}, {"win": "triangle"}, {"gravity": "yes"}, {"wrap": 1}]:
        with pytest.raises(ValueError):
            Game(6, 7, 4, ["A", "B"], rules=rules)


def test_square_rule_wins_with_a_two_by_two_block():
    game = Game(4, 4, 4, ["A", "B"], rules={"win": "square"})
    play(game, [0, 2, 1, 2, 0, 3])
    assert game.winner() is None
    play(game, [1])  # A owns (3, 0), (3, 1), (2, 0), (2, 1)
    assert game.winner() == "A"


def test_lines_do_not_win_under_the_square_rule():
    game = Game(6, 7, 4, ["A", "B"], rules={"win": "square"})
    play(game, [0, 0, 1, 1, 2, 2, 3])  # A has four in a row at the bottom
    assert game.winner() is None
    assert game.current_player() == "B"


def test_wrap_joins_a_row_across_the_edge():
    game = Game(6, 7, 4, ["A", "B"], rules={"wrap": True})
    play(game, [5, 5, 6, 6, 0, 0, 1])  # A owns columns 5, 6, 0, 1 of the bottom row
    assert game.winner() == "A"


def test_without_wrap_the_edges_do_not_join():
    game = Game(6, 7, 4, ["A", "B"])
    play(game, [5, 5, 6, 6, 0, 0, 1])
    assert game.winner() is None


def test_place_without_gravity_uses_the_chosen_cell():
    game = Game(4, 4, 3, ["A", "B"], rules={"gravity": False})
    assert game.place("A", 0, 2) is None
    game.place("B", 1, 1)
    assert game.board() == [
        [".", ".", "A", "."],
        [".", "B", ".", "."],
        [".", ".", ".", "."],
        [".", ".", ".", "."],
    ]
    assert game.history() == [
        {"player": "A", "row": 0, "col": 2},
        {"player": "B", "row": 1, "col": 1},
    ]
    assert game.current_player() == "A"


def test_placed_pieces_win_by_line():
    game = Game(4, 4, 3, ["A", "B"], rules={"gravity": False})
    put(game, [(0, 0), (3, 0), (1, 1), (3, 1)])
    assert game.winner() is None
    put(game, [(2, 2)])
    assert game.winner() == "A"


def test_drop_is_rejected_without_gravity():
    game = Game(4, 4, 3, ["A", "B"], rules={"gravity": False})
    with pytest.raises(ValueError):
        game.drop("A", 0)
    assert game.history() == []


def test_place_is_rejected_with_gravity():
    game = Game(4, 4, 3, ["A", "B"])
    with pytest.raises(ValueError):
        game.place("A", 3, 0)
    assert game.history() == []


def test_place_on_a_taken_cell_is_rejected():
    game = Game(4, 4, 3, ["A", "B"], rules={"gravity": False})
    game.place("A", 2, 2)
    with pytest.raises(ValueError):
        game.place("B", 2, 2)
    assert game.current_player() == "B"


def test_undo_and_redo_work_with_place():
    game = Game(4, 4, 3, ["A", "B"], rules={"gravity": False})
    put(game, [(0, 0), (0, 1)])
    assert game.undo() == {"player": "B", "row": 0, "col": 1}
    assert game.board()[0] == ["A", ".", ".", "."]
    assert game.redo() == {"player": "B", "row": 0, "col": 1}
    assert game.board()[0] == ["A", "B", ".", "."]
