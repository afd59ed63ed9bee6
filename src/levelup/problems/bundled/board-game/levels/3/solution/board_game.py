from collections.abc import Iterator

EMPTY = "."
DEFAULT_RULES = {"win": "line", "gravity": True, "wrap": False}
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
        self.grid = [[EMPTY] * cols for _ in range(rows)]
        self.moves: list[dict] = []
        self.undone: list[dict] = []  # a stack: redo() pops from the end
        self._winner: str | None = None

    # --- moves -------------------------------------------------------------

    def drop(self, player: str, column: int) -> int:
        self._check_turn(player)
        if not self._rules["gravity"]:
            raise ValueError("this game has no gravity: use place()")
        if not 0 <= column < self.cols:
            raise ValueError(f"column {column} is off the board")
        if self.grid[0][column] != EMPTY:
            raise ValueError(f"column {column} is full")
        row = self.rows - 1
        while self.grid[row][column] != EMPTY:
            row -= 1
        self._play({"player": player, "row": row, "col": column})
        return row

    def place(self, player: str, row: int, col: int) -> None:
        self._check_turn(player)
        if self._rules["gravity"]:
            raise ValueError("this game has gravity: use drop()")
        if not (0 <= row < self.rows and 0 <= col < self.cols):
            raise ValueError(f"cell ({row}, {col}) is off the board")
        if self.grid[row][col] != EMPTY:
            raise ValueError(f"cell ({row}, {col}) is taken")
        self._play({"player": player, "row": row, "col": col})

    def undo(self) -> dict:
        if not self.moves:
            raise ValueError("nothing to undo")
        move = self.moves.pop()
        self.grid[move["row"]][move["col"]] = EMPTY
        # play stops at the first win, so the position before any move had no winner
        self._winner = None
        self.undone.append(move)
        return dict(move)

    def redo(self) -> dict:
        if not self.undone:
            raise ValueError("nothing to redo")
        move = self.undone.pop()
        self._apply(move)
        return dict(move)

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

    # --- internals ---------------------------------------------------------

    def _check_turn(self, player: str) -> None:
        if self._is_over():
            raise ValueError("the game is over")
        if player != self.current_player():
            raise ValueError(f"it is not {player!r}'s turn")

    def _is_over(self) -> bool:
        return self._winner is not None or self.is_draw()

    def _play(self, move: dict) -> None:
        self._apply(move)
        self.undone.clear()

    def _apply(self, move: dict) -> None:
        row, col, player = move["row"], move["col"], move["player"]
        self.grid[row][col] = player
        self.moves.append(move)
        if self._wins(row, col, player):
            self._winner = player

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
    return merged
