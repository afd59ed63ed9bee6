from collections.abc import Iterator

EMPTY = "."
DEFAULT_RULES = {"win": "line", "gravity": True, "wrap": False, "bombs": 0}
PIECES = ("normal", "bomb")
# right, down, down-right, down-left
LINE_DIRECTIONS = [(0, 1), (1, 0), (1, 1), (1, -1)]

Cell = tuple[int, int]


class Game:
    def __init__(
        self,
        rows: int,
        cols: int,
        n_to_win: int,
        players: list[str],
        rules: dict | None = None,
    ) -> None:
        if rows < 1 or cols < 1 or n_to_win < 1:
            raise ValueError("rows, cols and n_to_win must be at least 1")
        if len(players) < 2 or len(set(players)) != len(players):
            raise ValueError("need at least two distinct players")
        if any(name in ("", EMPTY) for name in players):
            raise ValueError("a player name may not be empty or '.'")
        self.rows = rows
        self.cols = cols
        self.n_to_win = n_to_win
        self.players = list(players)
        self._rules = _check_rules(rules or {})
        self.undone: list[dict] = []  # a stack: redo() pops from the end
        self._replay([])

    # --- moves -------------------------------------------------------------

    def drop(self, player: str, column: int, piece: str = "normal") -> int:
        self._check_turn(player, piece)
        if not self._rules["gravity"]:
            raise ValueError("this game has no gravity: use place()")
        if not 0 <= column < self.cols:
            raise ValueError(f"column {column} is off the board")
        if self.grid[0][column] != EMPTY:
            raise ValueError(f"column {column} is full")
        row = self.rows - 1
        while self.grid[row][column] != EMPTY:
            row -= 1
        self._play(_move(player, row, column, piece))
        return row

    def place(self, player: str, row: int, col: int, piece: str = "normal") -> None:
        self._check_turn(player, piece)
        if self._rules["gravity"]:
            raise ValueError("this game has gravity: use drop()")
        if not (0 <= row < self.rows and 0 <= col < self.cols):
            raise ValueError(f"cell ({row}, {col}) is off the board")
        if self.grid[row][col] != EMPTY:
            raise ValueError(f"cell ({row}, {col}) is taken")
        self._play(_move(player, row, col, piece))

    def undo(self) -> dict:
        if not self.moves:
            raise ValueError("nothing to undo")
        move = self.moves[-1]
        # a bomb destroys information, so rebuild the position from the earlier moves
        self._replay(self.moves[:-1])
        self.undone.append(move)
        return dict(move)

    def redo(self) -> dict:
        if not self.undone:
            raise ValueError("nothing to redo")
        move = self.undone.pop()
        self._apply(move)
        return dict(move)

    # --- save and load -----------------------------------------------------

    def save(self) -> dict:
        return {
            "rows": self.rows,
            "cols": self.cols,
            "n_to_win": self.n_to_win,
            "players": list(self.players),
            "rules": self.rules(),
            "moves": self.history(),
            "undone": [dict(move) for move in reversed(self.undone)],
        }

    @classmethod
    def load(cls, data: dict) -> "Game":
        game = cls(data["rows"], data["cols"], data["n_to_win"], data["players"], data["rules"])
        for move in data["moves"] + data["undone"]:
            game._replay_checked(move)
        for _ in data["undone"]:
            game.undo()
        return game

    # --- queries -----------------------------------------------------------

    def current_player(self) -> str | None:
        if self._is_over():
            return None
        return self.players[len(self.moves) % len(self.players)]

    def board(self) -> list[list[str]]:
        return [list(row) for row in self.grid]

    def winner(self) -> str | None:
        return self._winner

    def history(self) -> list[dict]:
        return [dict(move) for move in self.moves]

    def is_draw(self) -> bool:
        return self._winner is None and all(EMPTY not in row for row in self.grid)

    def rules(self) -> dict:
        return dict(self._rules)

    def bombs_left(self, player: str) -> int:
        if player not in self.players:
            raise ValueError(f"unknown player {player!r}")
        used = sum(1 for m in self.moves if m["player"] == player and m.get("piece") == "bomb")
        return self._rules["bombs"] - used

    # --- internals ---------------------------------------------------------

    def _check_turn(self, player: str, piece: str) -> None:
        if self._is_over():
            raise ValueError("the game is over")
        if player != self.current_player():
            raise ValueError(f"it is not {player!r}'s turn")
        if piece not in PIECES:
            raise ValueError(f"unknown piece {piece!r}")
        if piece == "bomb" and self.bombs_left(player) == 0:
            raise ValueError(f"{player!r} has no bombs left")

    def _replay_checked(self, move: dict) -> None:
        """Play a saved move through the public rules, so an illegal one raises ValueError."""
        piece = move.get("piece", "normal")
        if not self._rules["gravity"]:
            self.place(move["player"], move["row"], move["col"], piece)
        elif self.drop(move["player"], move["col"], piece) != move["row"]:
            raise ValueError(f"saved move {move} does not land on its saved row")

    def _replay(self, moves: list[dict]) -> None:
        self.grid = [[EMPTY] * self.cols for _ in range(self.rows)]
        self.moves: list[dict] = []
        self._winner: str | None = None
        for move in moves:
            self._apply(move)

    def _is_over(self) -> bool:
        return self._winner is not None or self.is_draw()

    def _play(self, move: dict) -> None:
        self._apply(move)
        self.undone.clear()

    def _apply(self, move: dict) -> None:
        row, col, player = move["row"], move["col"], move["player"]
        self.moves.append(move)
        if move.get("piece") == "bomb":
            self._explode(row, col)  # a bomb never wins
            return
        self.grid[row][col] = player
        if self._wins(row, col, player):
            self._winner = player

    def _explode(self, row: int, col: int) -> None:
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                cell = self._cell(row + dr, col + dc)
                if cell is not None:
                    self.grid[cell[0]][cell[1]] = EMPTY
        if self._rules["gravity"]:
            for c in range(self.cols):
                pieces = [self.grid[r][c] for r in range(self.rows) if self.grid[r][c] != EMPTY]
                column = [EMPTY] * (self.rows - len(pieces)) + pieces
                for r in range(self.rows):
                    self.grid[r][c] = column[r]

    def _wins(self, row: int, col: int, player: str) -> bool:
        groups = WIN_SHAPES[self._rules["win"]](self, row, col)
        return any(all(self.grid[r][c] == player for r, c in cells) for cells in groups)

    def _cell(self, row: int, col: int) -> Cell | None:
        """The board cell at (row, col) after wrapping, or None if it is off the board."""
        if not 0 <= row < self.rows:
            return None
        if self._rules["wrap"]:
            return row, col % self.cols
        return (row, col) if 0 <= col < self.cols else None

    def _group(self, offsets: list[Cell], row: int, col: int) -> list[Cell] | None:
        cells = [self._cell(row + dr, col + dc) for dr, dc in offsets]
        if None in cells or len(set(cells)) < len(cells):
            return None  # off the board, or wrapped onto itself
        return cells  # type: ignore[return-value]

    def _lines_through(self, row: int, col: int) -> Iterator[list[Cell]]:
        n = self.n_to_win
        for dr, dc in LINE_DIRECTIONS:
            for start in range(-(n - 1), 1):
                offsets = [((start + i) * dr, (start + i) * dc) for i in range(n)]
                cells = self._group(offsets, row, col)
                if cells is not None:
                    yield cells

    def _squares_through(self, row: int, col: int) -> Iterator[list[Cell]]:
        for top in (-1, 0):
            for left in (-1, 0):
                offsets = [(top + i, left + j) for i in (0, 1) for j in (0, 1)]
                cells = self._group(offsets, row, col)
                if cells is not None:
                    yield cells


WIN_SHAPES = {"line": Game._lines_through, "square": Game._squares_through}


def _move(player: str, row: int, col: int, piece: str) -> dict:
    move = {"player": player, "row": row, "col": col}
    if piece == "bomb":
        move["piece"] = "bomb"
    return move


def _check_rules(rules: dict) -> dict:
    unknown = set(rules) - set(DEFAULT_RULES)
    if unknown:
        raise ValueError(f"unknown rule(s): {sorted(unknown)}")
    merged = {**DEFAULT_RULES, **rules}
    if merged["win"] not in WIN_SHAPES:
        raise ValueError(f"unknown win rule {merged['win']!r}")
    for key in ("gravity", "wrap"):
        if type(merged[key]) is not bool:  # 0 and 1 are not accepted
            raise ValueError(f"rule {key!r} must be True or False")
    bombs = merged["bombs"]
    if type(bombs) is not int or bombs < 0:  # bool is not accepted either
        raise ValueError("rule 'bombs' must be a whole number >= 0")
    return merged
