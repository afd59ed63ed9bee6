import socket

import lab
import pytest


@pytest.fixture
def listeners():
    """A TCP and a UDP socket on the same loopback port of the host, as a local service would have."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp, socket.socket(
        socket.AF_INET, socket.SOCK_DGRAM
    ) as udp:
        tcp.bind(("127.0.0.1", 0))
        tcp.listen()
        udp.bind(("127.0.0.1", tcp.getsockname()[1]))
        tcp.setblocking(False)
        udp.setblocking(False)
        yield tcp, udp


def test_connect_to_a_host_port(listeners):
    port = listeners[0].getsockname()[1]
    assert lab.connect("127.0.0.1", port) == "connected"


def test_the_host_hears_nothing(listeners):
    tcp, udp = listeners
    lab.knock("127.0.0.1", tcp.getsockname()[1])
    with pytest.raises(BlockingIOError):
        tcp.accept()
    with pytest.raises(BlockingIOError):
        udp.recv(16)
