from library_system import LibrarySystem


class LibrarySystemImpl(LibrarySystem):

    def __init__(self):
        # TODO: implement
        pass

    # TODO: implement interface methods here
