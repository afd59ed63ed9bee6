raise RuntimeError("database not configured")
