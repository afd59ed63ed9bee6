from parcel_lockers import ParcelLockers


class ParcelLockersImpl(ParcelLockers):
	"""Lockers by id; parcels by id with their locker and expiry."""

	def __init__(self):
		# TODO: implement
		pass
