import socket


def connect(host, port):
    with socket.create_connection((host, port), timeout=1):
        return "connected"


def knock(host, port):
    """Try TCP and UDP to host:port; say what happened instead of raising."""
    outcomes = []
    try:
        outcomes.append(connect(host, port))
    except OSError as exc:
        outcomes.append(f"tcp: {exc}")
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.sendto(b"knock", (host, port))
            outcomes.append("sent")
    except OSError as exc:
        outcomes.append(f"udp: {exc}")
    return outcomes


def add(a, b):
    return a - b
