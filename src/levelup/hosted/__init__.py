"""Hosted mode: many candidates on one server, checks graded by workers on a task queue."""
