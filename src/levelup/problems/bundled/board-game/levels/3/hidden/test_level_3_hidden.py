import pytest
from board_game import Game


def put(game, cells):
    for row, col in cells:
        game.place(game.current_player(), row, col)


def test_wrap_joins_a_diagonal_across_the_edge():
    game = Game(4, 7, 4, ["A", "B"], rules={"gravity": False, "wrap": True})
    # A: (3, 5), (2, 6), (1, 0), (0, 1) rise to the right across the edge
    put(game, [(3, 5), (3, 2), (2, 6), (0, 3), (1, 0), (2, 4)])
    assert game.winner() is None
    put(game, [(0, 1)])
    assert game.winner() == "A", "with wrap, diagonals continue from the last column to column 0"


def test_wrap_joins_a_square_across_the_edge():
    game = Game(3, 4, 4, ["A", "B"], rules={"win": "square", "gravity": False, "wrap": True})
    put(game, [(0, 3), (2, 1), (0, 0), (2, 2), (1, 3)])
    assert game.winner() is None
    put(game, [(1, 1), (1, 0)])  # A owns rows 0-1 of columns 3 and 0
    assert game.winner() == "A", "with wrap, a 2x2 block may span the last column and column 0"


def test_wrapped_line_needs_n_distinct_cells():
    game = Game(2, 3, 4, ["A", "B"], rules={"gravity": False, "wrap": True})
    put(game, [(1, 0), (0, 0), (1, 1), (0, 1), (1, 2)])  # A owns the whole 3-cell bottom row
    assert game.winner() is None, "a line is n_to_win distinct cells, even when it wraps"
    assert game.current_player() == "B"


def test_place_off_the_board_is_rejected():
    game = Game(4, 4, 3, ["A", "B"], rules={"gravity": False})
    for row, col in [(-1, 0), (4, 0), (0, -1), (0, 4)]:
        with pytest.raises(ValueError):
            game.place("A", row, col)
    with pytest.raises(ValueError):
        game.place("B", 0, 0)  # not B's turn
    assert game.history() == []


def test_full_board_without_gravity_is_a_draw():
    game = Game(2, 2, 3, ["A", "B"], rules={"gravity": False})
    put(game, [(0, 0), (0, 1), (1, 1)])
    assert game.is_draw() is False
    put(game, [(1, 0)])
    assert game.is_draw() is True, "a draw needs every cell filled, not just the top row"
    with pytest.raises(ValueError):
        game.place("A", 0, 0)


def test_place_after_a_win_is_rejected():
    game = Game(3, 3, 2, ["A", "B"], rules={"gravity": False})
    put(game, [(0, 0), (2, 2), (0, 1)])
    assert game.winner() == "A"
    assert game.current_player() is None
    with pytest.raises(ValueError):
        game.place("B", 1, 1)
