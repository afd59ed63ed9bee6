# Fails at import, differently if its top-level code ever runs a second time in the same worker.
import os

first_time = not os.path.exists("/tmp/lab-imported")
open("/tmp/lab-imported", "w").close()
raise RuntimeError("first import failed" if first_time else "imported a second time")
