import pytest
from board_game import Game


def play(game, columns):
    return [game.drop(game.current_player(), col) for col in columns]


def test_several_undos_then_redos_restore_the_same_game():
    game = Game(6, 7, 4, ["A", "B"])
    play(game, [3, 3, 2, 4])
    board, history = game.board(), game.history()
    undone = [game.undo() for _ in range(3)]
    assert undone == history[::-1][:3]
    assert game.board()[5] == [".", ".", ".", "A", ".", ".", "."]
    redone = [game.redo() for _ in range(3)]
    assert redone == history[1:], "redo re-applies moves in the reverse order they were undone"
    assert game.board() == board
    assert game.history() == history


def test_rejected_move_keeps_redo_available():
    game = Game(6, 7, 4, ["A", "B"])
    play(game, [0, 1])
    game.undo()
    with pytest.raises(ValueError):
        game.drop("A", 2)  # wrong turn: B is to move
    assert game.redo() == {"player": "B", "row": 5, "col": 1}, "only a successful move clears redo"


def test_redo_of_the_winning_move_restores_the_winner():
    game = Game(6, 7, 4, ["A", "B"])
    play(game, [0, 1, 0, 1, 0, 1, 0])
    game.undo()
    game.redo()
    assert game.winner() == "A"
    assert game.current_player() is None


def test_winning_with_the_last_empty_cell_is_a_win_not_a_draw():
    game = Game(3, 3, 3, ["A", "B"])
    play(game, [0, 0, 0, 1, 1, 2, 1, 2])
    assert game.winner() is None
    play(game, [2])  # fills the board and completes A's top row
    assert game.winner() == "A"
    assert game.is_draw() is False


def test_undoing_the_last_move_of_a_draw_reopens_the_game():
    game = Game(2, 2, 3, ["A", "B"])
    play(game, [0, 1, 0, 1])
    game.undo()
    assert game.is_draw() is False
    assert game.current_player() == "B"
    assert game.drop("B", 1) == 0
