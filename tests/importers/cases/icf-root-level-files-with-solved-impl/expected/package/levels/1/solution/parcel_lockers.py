from abc import ABC, abstractmethod


class ParcelLockers(ABC):
	"""A bank of parcel lockers of three sizes: S < M < L."""

	@abstractmethod
	def add_locker(self, timestamp: int, locker_id: str, size: str) -> bool:
		"""Add an empty locker; False if the id is taken."""

	@abstractmethod
	def deposit(self, timestamp: int, parcel_id: str, size: str) -> str | None:
		"""Put a parcel in the smallest free locker it fits (ties: smaller id); its id, or None."""

	@abstractmethod
	def pick_up(self, timestamp: int, parcel_id: str) -> str | None:
		"""Take a parcel out; the id of the locker it freed, or None for an unknown parcel."""

	@abstractmethod
	def occupancy(self, timestamp: int) -> str:
		"""Used/total lockers per size, e.g. "S:1/2, M:0/1, L:1/1"."""

	@abstractmethod
	def deposit_for(self, timestamp: int, parcel_id: str, size: str, ttl: int) -> str | None:
		"""Like deposit, but the parcel expires at timestamp + ttl and frees its locker."""

	@abstractmethod
	def expired(self, timestamp: int) -> list[str]:
		"""The ids of every parcel that expired at or before timestamp, sorted."""
