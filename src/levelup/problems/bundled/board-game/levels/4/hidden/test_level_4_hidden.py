import pytest
from board_game import Game


def play(game, columns):
    return [game.drop(game.current_player(), col) for col in columns]


def put(game, cells):
    for row, col in cells:
        game.place(game.current_player(), row, col)


def test_bomb_blast_wraps_across_the_edge():
    game = Game(3, 4, 4, ["A", "B"], rules={"gravity": False, "wrap": True, "bombs": 1})
    put(game, [(0, 3), (1, 3), (2, 3), (0, 2), (1, 2)])
    game.place("B", 1, 0, "bomb")
    assert game.board() == [
        [".", ".", "B", "."],
        [".", ".", "A", "."],
        [".", ".", ".", "."],
    ], "with wrap, the blast reaches column cols-1 from column 0"


def test_pieces_that_fall_into_a_line_do_not_win_until_joined():
    game = Game(6, 6, 3, ["A", "B"], rules={"bombs": 1})
    play(game, [1, 3, 2, 4, 3, 3, 3])  # column 3 holds B, A, B, A from the bottom up
    assert game.drop("B", 4, "bomb") == 4
    assert game.board()[5] == [".", "A", "A", "A", ".", "."]
    assert game.winner() is None, "a bomb move never wins, and fallen pieces alone do not win"
    assert game.current_player() == "A"
    assert game.drop("A", 0) == 5
    assert game.winner() == "A", "a normal piece that joins the fallen line wins"


def test_redo_of_a_bomb_explodes_again():
    game = Game(5, 3, 4, ["A", "B"], rules={"bombs": 1})
    play(game, [0, 0, 0, 2, 2, 0])
    game.drop("A", 1, "bomb")
    after = game.board()
    game.undo()
    assert game.redo() == {"player": "A", "row": 4, "col": 1, "piece": "bomb"}
    assert game.board() == after
    assert game.bombs_left("A") == 0


def test_load_rejects_an_illegal_move():
    game = Game(4, 4, 4, ["A", "B"], rules={"gravity": False})
    put(game, [(0, 0), (1, 1)])
    data = game.save()
    data["moves"].append({"player": "A", "row": 1, "col": 1})  # cell already taken
    with pytest.raises(ValueError):
        Game.load(data)
    data = game.save()
    data["undone"] = [{"player": "B", "row": 2, "col": 2}]  # A is to move, not B
    with pytest.raises(ValueError):
        Game.load(data)


def test_load_rejects_a_move_on_the_wrong_row():
    game = Game(6, 7, 4, ["A", "B"])
    play(game, [2])
    data = game.save()
    data["moves"].append({"player": "B", "row": 5, "col": 2})  # it would land on row 4
    with pytest.raises(ValueError):
        Game.load(data)


def test_loaded_finished_game_keeps_winner_and_can_be_undone():
    rules = {"win": "square", "gravity": False, "wrap": True, "bombs": 1}
    game = Game(3, 4, 4, ["A", "B"], rules=rules)
    put(game, [(0, 3), (2, 1), (0, 0), (2, 2), (1, 3), (1, 1), (1, 0)])
    copy = Game.load(game.save())
    assert copy.winner() == "A"
    assert copy.current_player() is None
    assert copy.rules() == rules
    assert copy.undo() == {"player": "A", "row": 1, "col": 0}
    assert copy.winner() is None
    assert copy.bombs_left("A") == 1
