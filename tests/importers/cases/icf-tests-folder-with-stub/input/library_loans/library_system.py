from abc import ABC


class LibrarySystem(ABC):
    """
    `LibrarySystem` interface.
    """

    def add_book(self, timestamp: int, book_id: str, copies: int) -> bool:
        """
        Should add `copies` copies of a new book and return True.
        If the book already exists, should return False and change nothing.
        """
        # default implementation
        return False

    def borrow(self, timestamp: int, member_id: str, book_id: str) -> bool:
        """
        Should lend one copy of `book_id` to `member_id` and return True.
        Returns False if the book does not exist or has no copy left.
        """
        # default implementation
        return False

    def return_book(self, timestamp: int, member_id: str, book_id: str) -> bool:
        """
        Should take back a copy `member_id` borrowed and return True;
        False if the member does not hold a copy of that book.
        """
        # default implementation
        return False

    def available(self, timestamp: int, book_id: str) -> int | None:
        """
        Should return how many copies of `book_id` are on the shelf, or None for an unknown book.
        """
        # default implementation
        return None
