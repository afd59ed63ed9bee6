"""The warm path for the terminal: `levelup check` in a shell hands the check to a resident grader
(a small `levelup daemon`, or `levelup serve`) that keeps pytest, the store and a warm worker per
attempt loaded, and prints the same report the check would have printed on its own.

- `protocol.py`: where the socket lives (per user, per install and data folder, in a private
  folder), who may use it (only the daemon's own user), and what crosses it (JSON lines).
- `client.py`: the shell's side, import-light: no SQLAlchemy, no pytest.
- `server.py`: the daemon's side, grading through the same application layer as every face.

Anything unexpected on the client's side (no daemon, a stale socket, a crashed daemon, a daemon of
another levelup version or other settings) means the check runs in the shell's own process, as it
would without a daemon.
"""
