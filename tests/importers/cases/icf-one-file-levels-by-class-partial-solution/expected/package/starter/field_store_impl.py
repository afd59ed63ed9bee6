from field_store import FieldStore


class FieldStoreImpl(FieldStore):
    def __init__(self):
        # TODO: implement
        pass
