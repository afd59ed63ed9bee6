from field_store import FieldStore


class FieldStoreImpl(FieldStore):
    def __init__(self):
        self.records = {}

    def set(self, timestamp, key, field, value):
        self.records.setdefault(key, {})[field] = value

    def get(self, timestamp, key, field):
        return self.records.get(key, {}).get(field)

    def delete(self, timestamp, key, field):
        return self.records.get(key, {}).pop(field, None) is not None

    def scan(self, timestamp, key):
        fields = self.records.get(key, {})
        return [f"{field}({fields[field]})" for field in sorted(fields)]

    def scan_by_prefix(self, timestamp, key, prefix):
        return [item for item in self.scan(timestamp, key) if item.startswith(prefix)]
