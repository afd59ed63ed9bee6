class Game:
    def __init__(self, rows: int, cols: int, n_to_win: int, players: list[str]) -> None:
        """Create an empty rows x cols board; players move in list order."""
        raise NotImplementedError

    def drop(self, player: str, column: int) -> int:
        """Drop player's piece into column and return the row it lands in."""
        raise NotImplementedError

    def current_player(self) -> str | None:
        """Return whose turn it is, or None once the game is over."""
        raise NotImplementedError

    def board(self) -> list[list[str]]:
        """Return the board as rows of cells (a player's name or '.'), top row first."""
        raise NotImplementedError

    def winner(self) -> str | None:
        """Return the winning player's name, or None if nobody has won."""
        raise NotImplementedError
