"""Hosted mode's web face: staff and candidate pages served by `levelup server`."""
