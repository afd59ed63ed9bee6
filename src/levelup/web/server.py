"""`levelup serve`: bind 127.0.0.1 (a free port unless --port), print the URL with its token,
open a browser where one exists, and serve until Ctrl-C; meanwhile `levelup check` in a shell
hands its checks to this server (see `levelup.daemon`)."""

from __future__ import annotations

import socket
import threading
import time
import webbrowser
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import TYPE_CHECKING, Any

from levelup.settings import Settings
from levelup.web.security import Gate

if TYPE_CHECKING:
    from levelup.attempts.warm_checks import WarmChecks


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.setblocking(False)
    return sock


def serve(settings: Settings, host: str, port: int, open_browser: bool, announce: Callable[[str], None]) -> None:
    import uvicorn

    from levelup.web.app import create_app

    gate = Gate()
    sock = bind(host, port)
    bound_port = sock.getsockname()[1]
    shown_host = f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{bound_port}/?token={gate.token}"
    app = create_app(settings, gate)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    announce(url)
    if open_browser:
        try:
            webbrowser.open(url)
        except webbrowser.Error:
            pass
    app_lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(running: Any) -> AsyncIterator[Any]:
        # inside the app's life: uvicorn ends the process with the signal that stopped it
        async with app_lifespan(running) as state:
            with terminal_checks(app.state.checks, settings):
                yield state

    app.router.lifespan_context = lifespan
    server.run(sockets=[sock])


@contextmanager
def terminal_checks(checks: WarmChecks, settings: Settings) -> Iterator[None]:
    """While serving, `levelup check` in a shell hands its checks to this server (the browser's
    checks thread and warm workers), in place of a separate daemon, which is asked to end."""
    from levelup.daemon.client import request
    from levelup.daemon.server import CheckServer

    listener = CheckServer(checks, settings, "serve", idle_seconds=None) if settings.use_daemon else None
    if listener is not None and not listener.open():
        request(settings, {"op": "stop"})  # the daemon ends after its check in progress
        deadline = time.monotonic() + 60
        while not listener.open() and time.monotonic() < deadline:
            time.sleep(0.05)
    thread = None
    if listener is not None and listener.listening:
        thread = threading.Thread(target=listener.serve, name="levelup-terminal-checks", daemon=True)
        thread.start()
    try:
        yield
    finally:
        if listener is not None:
            listener.stop()
            if thread is not None:
                thread.join(timeout=5)
            listener.close()
