import pytest
from board_game import Game


def play(game, columns):
    """Drop one piece per column for whoever's turn it is; return the rows they landed in."""
    return [game.drop(game.current_player(), col) for col in columns]


def test_new_board_is_all_empty_cells():
    game = Game(2, 3, 3, ["A", "B"])
    assert game.board() == [[".", ".", "."], [".", ".", "."]]
    assert game.winner() is None


def test_drop_lands_on_lowest_empty_row_and_returns_it():
    game = Game(6, 7, 4, ["A", "B"])
    assert game.drop("A", 3) == 5
    assert game.drop("B", 3) == 4
    assert game.drop("A", 0) == 5
    board = game.board()
    assert board[5] == ["A", ".", ".", "A", ".", ".", "."]
    assert board[4] == [".", ".", ".", "B", ".", ".", "."]


def test_players_take_turns_in_list_order():
    game = Game(4, 4, 4, ["A", "B", "C"])
    seen = []
    for col in [0, 1, 2, 3]:
        seen.append(game.current_player())
        game.drop(game.current_player(), col)
    assert seen == ["A", "B", "C", "A"]
    assert game.current_player() == "B"


def test_drop_out_of_turn_is_rejected():
    game = Game(6, 7, 4, ["A", "B"])
    with pytest.raises(ValueError):
        game.drop("B", 0)
    game.drop("A", 0)
    with pytest.raises(ValueError):
        game.drop("A", 1)


def test_drop_into_full_column_is_rejected():
    game = Game(2, 3, 3, ["A", "B"])
    play(game, [1, 1])
    with pytest.raises(ValueError):
        game.drop("A", 1)
    assert game.current_player() == "A"


def test_drop_outside_the_columns_is_rejected():
    game = Game(6, 7, 4, ["A", "B"])
    with pytest.raises(ValueError):
        game.drop("A", 7)
    with pytest.raises(ValueError):
        game.drop("A", -1)


def test_horizontal_line_wins():
    game = Game(6, 7, 4, ["A", "B"])
    play(game, [0, 0, 1, 1, 2, 2])
    assert game.winner() is None
    assert game.drop("A", 3) == 5
    assert game.winner() == "A"


def test_vertical_line_wins():
    game = Game(6, 7, 4, ["A", "B"])
    play(game, [0, 1, 0, 1, 0, 1, 0])
    assert game.winner() == "A"


def test_rising_diagonal_wins():
    game = Game(6, 7, 4, ["A", "B"])
    # A ends on (5, 0), (4, 1), (3, 2), (2, 3)
    play(game, [0, 1, 1, 2, 2, 3, 2, 3, 3, 5])
    assert game.winner() is None
    assert game.drop("A", 3) == 2
    assert game.winner() == "A"


def test_game_over_after_a_win():
    game = Game(6, 7, 4, ["A", "B"])
    play(game, [0, 1, 0, 1, 0, 1, 0])
    assert game.current_player() is None
    with pytest.raises(ValueError):
        game.drop("B", 1)
    assert game.winner() == "A"


def test_board_returns_a_copy():
    game = Game(2, 2, 2, ["A", "B"])
    game.drop("A", 0)
    snapshot = game.board()
    snapshot[1][0] = "Z"
    assert game.board() == [[".", "."], ["A", "."]]


def test_constructor_rejects_bad_arguments():
    for args in [
        (0, 7, 4, ["A", "B"]),
        (6, 0, 4, ["A", "B"]),
        (6, 7, 0, ["A", "B"]),
        (6, 7, 4, ["A"]),
        (6, 7, 4, ["A", "A"]),
        (6, 7, 4, ["A", "."]),
        (6, 7, 4, ["A", ""]),
    ]:
        with pytest.raises(ValueError):
            Game(*args)
