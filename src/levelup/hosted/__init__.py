"""Hosted mode's application layer: staff accounts and sessions, assessments and invites. The
hosted web face (levelup.web.hosted) and the CLI's `server`/`admin` commands call it."""
