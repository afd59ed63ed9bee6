import json

import pytest
from board_game import Game


def play(game, columns):
    return [game.drop(game.current_player(), col) for col in columns]


def put(game, cells):
    for row, col in cells:
        game.place(game.current_player(), row, col)


def tower_game():
    """5x3 board: a tower in column 0, two pieces in column 2, A to move with one bomb each."""
    game = Game(5, 3, 4, ["A", "B"], rules={"bombs": 1})
    play(game, [0, 0, 0, 2, 2, 0])
    return game


def test_rules_include_bombs_defaulting_to_zero():
    assert Game(6, 7, 4, ["A", "B"]).rules() == {
        "win": "line", "gravity": True, "wrap": False, "bombs": 0,
    }
    assert Game(6, 7, 4, ["A", "B"], rules={"bombs": 2}).rules()["bombs"] == 2
    for bad in [-1, True, "2", 1.5]:
        with pytest.raises(ValueError):
            Game(6, 7, 4, ["A", "B"], rules={"bombs": bad})


def test_bomb_with_none_left_is_rejected():
    game = Game(6, 7, 4, ["A", "B"])
    with pytest.raises(ValueError):
        game.drop("A", 0, "bomb")
    assert game.history() == []
    assert game.current_player() == "A"


def test_unknown_piece_is_rejected():
    game = Game(6, 7, 4, ["A", "B"], rules={"bombs": 1})
    with pytest.raises(ValueError):
        game.drop("A", 0, "rocket")
    assert game.drop("A", 0, "normal") == 5


def test_bomb_without_gravity_clears_its_cell_and_neighbours():
    game = Game(4, 4, 4, ["A", "B"], rules={"gravity": False, "bombs": 1})
    put(game, [(0, 0), (0, 1), (1, 1), (2, 2), (3, 3), (3, 0), (0, 3)])
    assert game.place("B", 1, 0, "bomb") is None
    assert game.board() == [
        [".", ".", ".", "A"],
        [".", ".", ".", "."],
        [".", ".", "B", "."],
        ["B", ".", ".", "A"],
    ]


def test_bomb_with_gravity_lets_pieces_fall():
    game = tower_game()
    assert game.board() == [
        [".", ".", "."],
        ["B", ".", "."],
        ["A", ".", "."],
        ["B", ".", "A"],
        ["A", ".", "B"],
    ]
    assert game.drop("A", 1, "bomb") == 4
    assert game.board() == [
        [".", ".", "."],
        [".", ".", "."],
        [".", ".", "."],
        ["B", ".", "."],
        ["A", ".", "."],
    ]


def test_bombs_left_counts_down_per_player():
    game = tower_game()
    assert game.bombs_left("A") == 1
    game.drop("A", 1, "bomb")
    assert game.bombs_left("A") == 0
    assert game.bombs_left("B") == 1
    with pytest.raises(ValueError):
        game.bombs_left("Z")


def test_bomb_move_is_recorded_and_takes_a_turn():
    game = tower_game()
    game.drop("A", 1, "bomb")
    assert game.history()[-1] == {"player": "A", "row": 4, "col": 1, "piece": "bomb"}
    assert game.history()[0] == {"player": "A", "row": 4, "col": 0}
    assert game.current_player() == "B"
    assert game.winner() is None


def test_undo_of_a_bomb_restores_pieces_and_the_bomb():
    game = tower_game()
    before = game.board()
    game.drop("A", 1, "bomb")
    assert game.undo() == {"player": "A", "row": 4, "col": 1, "piece": "bomb"}
    assert game.board() == before
    assert game.bombs_left("A") == 1
    assert game.current_player() == "A"


def test_save_returns_plain_data():
    game = Game(3, 3, 3, ["A", "B"], rules={"bombs": 1})
    play(game, [0, 1, 2])
    game.undo()
    assert game.save() == {
        "rows": 3,
        "cols": 3,
        "n_to_win": 3,
        "players": ["A", "B"],
        "rules": {"win": "line", "gravity": True, "wrap": False, "bombs": 1},
        "moves": [{"player": "A", "row": 2, "col": 0}, {"player": "B", "row": 2, "col": 1}],
        "undone": [{"player": "A", "row": 2, "col": 2}],
    }


def test_load_restores_board_turn_and_history():
    game = tower_game()
    game.drop("A", 1, "bomb")
    copy = Game.load(game.save())
    assert copy.board() == game.board()
    assert copy.history() == game.history()
    assert copy.current_player() == "B"
    assert copy.bombs_left("A") == 0
    assert copy.drop("B", 1) == 4


def test_load_keeps_undo_and_redo():
    game = Game(6, 7, 4, ["A", "B"])
    play(game, [3, 3, 4, 4])
    game.undo()
    game.undo()
    copy = Game.load(game.save())
    assert copy.redo() == {"player": "A", "row": 5, "col": 4}
    assert copy.redo() == {"player": "B", "row": 4, "col": 4}
    assert copy.undo() == {"player": "B", "row": 4, "col": 4}
    assert copy.save() == Game.load(copy.save()).save()


def test_saved_game_survives_json():
    game = Game(4, 5, 3, ["A", "B", "C"], rules={"win": "square", "wrap": True, "bombs": 2})
    play(game, [0, 4, 1])
    game.drop("A", 2, "bomb")
    text = json.dumps(game.save())
    copy = Game.load(json.loads(text))
    assert copy.save() == game.save()
    assert copy.board() == game.board()
    assert copy.rules() == game.rules()
