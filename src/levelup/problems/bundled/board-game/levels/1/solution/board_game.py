EMPTY = "."
# right, down, down-right, down-left; each line is also walked in the opposite direction
DIRECTIONS = [(0, 1), (1, 0), (1, 1), (1, -1)]


class Game:
    def __init__(self, rows: int, cols: int, n_to_win: int, players: list[str]) -> None:
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
        self.grid = [[EMPTY] * cols for _ in range(rows)]
        self.move_count = 0
        self._winner: str | None = None

    def drop(self, player: str, column: int) -> int:
        if self._winner is not None:
            raise ValueError("the game is over")
        if player != self.current_player():
            raise ValueError(f"it is not {player!r}'s turn")
        if not 0 <= column < self.cols:
            raise ValueError(f"column {column} is off the board")
        if self.grid[0][column] != EMPTY:
            raise ValueError(f"column {column} is full")
        row = self.rows - 1
        while self.grid[row][column] != EMPTY:
            row -= 1
        self.grid[row][column] = player
        self.move_count += 1
        if self._wins(row, column, player):
            self._winner = player
        return row

    def current_player(self) -> str | None:
        if self._winner is not None:
            return None
        return self.players[self.move_count % len(self.players)]

    def board(self) -> list[list[str]]:
        return [list(row) for row in self.grid]

    def winner(self) -> str | None:
        return self._winner

    def _wins(self, row: int, col: int, player: str) -> bool:
        for dr, dc in DIRECTIONS:
            run = 1
            for sign in (1, -1):
                r, c = row + sign * dr, col + sign * dc
                while 0 <= r < self.rows and 0 <= c < self.cols and self.grid[r][c] == player:
                    run += 1
                    r, c = r + sign * dr, c + sign * dc
            if run >= self.n_to_win:
                return True
        return False
