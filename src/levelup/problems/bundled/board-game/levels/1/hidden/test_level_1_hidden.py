import pytest
from board_game import Game


def play(game, columns):
    return [game.drop(game.current_player(), col) for col in columns]


def test_falling_diagonal_wins():
    game = Game(6, 7, 4, ["A", "B"])
    # A ends on (2, 3), (3, 4), (4, 5), (5, 6)
    play(game, [6, 5, 5, 4, 4, 3, 4, 3, 3, 1, 3])
    assert game.winner() == "A", "a top-left to bottom-right diagonal of N must win"


def test_line_longer_than_n_wins():
    game = Game(6, 7, 4, ["A", "B"])
    play(game, [0, 0, 1, 1, 3, 3, 4, 4])
    assert game.winner() is None
    play(game, [2])  # fills the gap: A owns columns 0..4 of the bottom row
    assert game.winner() == "A", "a run of more than N pieces must also win"


def test_line_of_mixed_owners_is_not_a_win():
    game = Game(6, 7, 4, ["A", "B"])
    play(game, [0, 1, 2, 3])
    assert game.winner() is None, "four pieces in a row owned by different players do not win"
    assert game.current_player() == "A"


def test_rejected_moves_change_nothing():
    game = Game(2, 3, 3, ["A", "B", "C"])
    play(game, [0, 0])
    before = game.board()
    for player, col in [("A", 1), ("Z", 1), ("C", 0), ("C", 3)]:
        with pytest.raises(ValueError):
            game.drop(player, col)
    assert game.board() == before
    assert game.current_player() == "C"


def test_unknown_player_is_rejected():
    game = Game(6, 7, 4, ["A", "B"])
    with pytest.raises(ValueError):
        game.drop("Z", 0)
    assert game.board()[5][0] == ".", "a name not in players is never the current player"
