"""`levelup serve`: bind 127.0.0.1 (a free port unless --port), print the URL with its token,
open a browser where one exists, and serve until Ctrl-C."""

from __future__ import annotations

import socket
import webbrowser
from collections.abc import Callable

from levelup.settings import Settings
from levelup.web.security import Gate


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
    server.run(sockets=[sock])
