import pytest
from board_game import Game


def play(game, columns):
    return [game.drop(game.current_player(), col) for col in columns]


def test_history_lists_moves_oldest_first():
    game = Game(6, 7, 4, ["A", "B"])
    play(game, [3, 3, 0])
    assert game.history() == [
        {"player": "A", "row": 5, "col": 3},
        {"player": "B", "row": 4, "col": 3},
        {"player": "A", "row": 5, "col": 0},
    ]


def test_history_starts_empty_and_is_a_copy():
    game = Game(6, 7, 4, ["A", "B"])
    assert game.history() == []
    game.drop("A", 2)
    game.history().append({"player": "B", "row": 5, "col": 0})
    assert game.history() == [{"player": "A", "row": 5, "col": 2}]


def test_undo_removes_last_piece_and_returns_its_move():
    game = Game(6, 7, 4, ["A", "B"])
    play(game, [3, 3])
    assert game.undo() == {"player": "B", "row": 4, "col": 3}
    assert game.board()[4][3] == "."
    assert game.board()[5][3] == "A"
    assert game.history() == [{"player": "A", "row": 5, "col": 3}]


def test_undo_gives_the_turn_back():
    game = Game(6, 7, 4, ["A", "B", "C"])
    play(game, [0, 1])
    game.undo()
    assert game.current_player() == "B"
    assert game.drop("B", 1) == 5


def test_undo_with_no_moves_raises():
    game = Game(6, 7, 4, ["A", "B"])
    with pytest.raises(ValueError):
        game.undo()


def test_redo_reapplies_the_undone_move():
    game = Game(6, 7, 4, ["A", "B"])
    play(game, [3, 4])
    game.undo()
    assert game.redo() == {"player": "B", "row": 5, "col": 4}
    assert game.board()[5][4] == "B"
    assert game.current_player() == "A"
    assert len(game.history()) == 2


def test_redo_with_nothing_undone_raises():
    game = Game(6, 7, 4, ["A", "B"])
    game.drop("A", 0)
    with pytest.raises(ValueError):
        game.redo()


def test_new_move_clears_redo():
    game = Game(6, 7, 4, ["A", "B"])
    play(game, [0, 1])
    game.undo()
    game.drop("B", 5)
    with pytest.raises(ValueError):
        game.redo()
    assert game.board()[5][1] == "."


def test_undoing_the_winning_move_reopens_the_game():
    game = Game(6, 7, 4, ["A", "B"])
    play(game, [0, 1, 0, 1, 0, 1, 0])
    assert game.winner() == "A"
    game.undo()
    assert game.winner() is None
    assert game.current_player() == "A"
    assert game.drop("A", 6) == 5


def test_full_board_without_winner_is_a_draw():
    game = Game(2, 2, 3, ["A", "B"])
    play(game, [0, 1, 0])
    assert game.is_draw() is False
    play(game, [1])
    assert game.is_draw() is True
    assert game.winner() is None


def test_draw_ends_the_game():
    game = Game(2, 2, 3, ["A", "B"])
    play(game, [0, 1, 0, 1])
    assert game.current_player() is None
    with pytest.raises(ValueError):
        game.drop("A", 0)
