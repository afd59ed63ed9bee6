from parcel_lockers import ParcelLockers

SIZES = "SML"


class ParcelLockersImpl(ParcelLockers):
	"""Lockers by id; parcels by id with their locker and expiry."""

	def __init__(self):
		self.lockers = {}  # locker id -> size
		self.parcels = {}  # parcel id -> (locker id, expires at or None)
		self.gone = set()  # parcels that expired

	def _expire(self, timestamp):
		for parcel_id, (_, expires_at) in list(self.parcels.items()):
			if expires_at is not None and expires_at <= timestamp:
				del self.parcels[parcel_id]
				self.gone.add(parcel_id)

	def add_locker(self, timestamp, locker_id, size):
		if locker_id in self.lockers:
			return False
		self.lockers[locker_id] = size
		return True

	def deposit(self, timestamp, parcel_id, size):
		return self.deposit_for(timestamp, parcel_id, size, None)

	def pick_up(self, timestamp, parcel_id):
		self._expire(timestamp)
		if parcel_id not in self.parcels:
			return None
		return self.parcels.pop(parcel_id)[0]

	def occupancy(self, timestamp):
		self._expire(timestamp)
		used = [self.lockers[locker] for locker, _ in self.parcels.values()]
		sizes = list(self.lockers.values())
		return ", ".join(f"{s}:{used.count(s)}/{sizes.count(s)}" for s in SIZES)

	def deposit_for(self, timestamp, parcel_id, size, ttl):
		self._expire(timestamp)
		taken = {locker for locker, _ in self.parcels.values()}
		free = [
			(SIZES.index(s), locker)
			for locker, s in self.lockers.items()
			if locker not in taken and SIZES.index(s) >= SIZES.index(size)
		]
		if not free or parcel_id in self.parcels:
			return None
		locker = min(free)[1]
		self.parcels[parcel_id] = (locker, None if ttl is None else timestamp + ttl)
		return locker

	def expired(self, timestamp):
		self._expire(timestamp)
		return sorted(self.gone)
