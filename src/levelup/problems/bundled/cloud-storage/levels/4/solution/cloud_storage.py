from dataclasses import dataclass, field

ADMIN = "admin"


@dataclass
class File:
    size: int
    owner: str


@dataclass
class User:
    capacity: int
    used: int = 0
    # name -> size at the last backup_user; empty until then, which is what restore expects.
    backup: dict[str, int] = field(default_factory=dict)

    @property
    def remaining(self) -> int:
        return self.capacity - self.used


class CloudStorage:
    """An in-memory cloud storage service with users who own files."""

    def __init__(self) -> None:
        self.files: dict[str, File] = {}
        # Admin is an owner but not a user: it has no capacity, so it never appears here.
        self.users: dict[str, User] = {}

    def add_file(self, name: str, size: int) -> bool:
        if name in self.files:
            return False
        self.files[name] = File(size, ADMIN)
        return True

    def get_file_size(self, name: str) -> int | None:
        file = self.files.get(name)
        return None if file is None else file.size

    def delete_file(self, name: str) -> int | None:
        file = self.files.pop(name, None)
        if file is None:
            return None
        if file.owner in self.users:
            self.users[file.owner].used -= file.size
        return file.size

    def get_n_largest(self, prefix: str, n: int) -> list[str]:
        matching = [
            (name, file.size) for name, file in self.files.items() if name.startswith(prefix)
        ]
        matching.sort(key=lambda item: (-item[1], item[0]))
        return [f"{name}({size})" for name, size in matching[:n]]

    def add_user(self, user_id: str, capacity: int) -> bool:
        if user_id == ADMIN or user_id in self.users:
            return False
        self.users[user_id] = User(capacity)
        return True

    def add_file_by(self, user_id: str, name: str, size: int) -> int | None:
        user = self.users.get(user_id)
        if user is None or name in self.files or size > user.remaining:
            return None
        self.files[name] = File(size, user_id)
        user.used += size
        return user.remaining

    def merge_user(self, user_id_1: str, user_id_2: str) -> int | None:
        if user_id_1 == user_id_2:
            return None
        if user_id_1 not in self.users or user_id_2 not in self.users:
            return None
        survivor = self.users[user_id_1]
        merged = self.users.pop(user_id_2)  # its backup goes with it
        survivor.capacity += merged.capacity
        survivor.used += merged.used
        for file in self.files.values():
            if file.owner == user_id_2:
                file.owner = user_id_1
        return survivor.remaining

    def _owned_by(self, user_id: str) -> list[str]:
        return [name for name, file in self.files.items() if file.owner == user_id]

    def backup_user(self, user_id: str) -> int | None:
        user = self.users.get(user_id)
        if user is None:
            return None
        user.backup = {name: self.files[name].size for name in self._owned_by(user_id)}
        return len(user.backup)

    def restore_user(self, user_id: str) -> int | None:
        user = self.users.get(user_id)
        if user is None:
            return None
        for name in self._owned_by(user_id):
            del self.files[name]
        user.used = 0
        restored = 0
        for name, size in user.backup.items():
            if name in self.files:  # taken by another owner since the backup
                continue
            self.files[name] = File(size, user_id)
            user.used += size
            restored += 1
        return restored
