"""Hosted mode's application layer: assessments administered to many candidates (staff accounts
and sessions, assessments and invites, review and integrity signals, grading on a task queue). The
hosted web face (levelup.web.hosted) and the CLI's `server`, `admin` and `worker` commands call it."""
