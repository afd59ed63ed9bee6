"""`levelup worker`: checks that this host can grade (every sandbox layer, the broker, the
database, no fake clock) and then runs Dramatiq's worker processes on the grading queue."""

from __future__ import annotations

import os
from collections.abc import Callable

from levelup.hosted.config import QueueSettings, refuse_local_clock
from levelup.hosted.errors import HostedError
from levelup.settings import Settings


def run_worker(processes: int, threads: int, announce: Callable[[str], None]) -> int:
    """Refuses (HostedError, SandboxUnavailable, StoreError: a clear one-paragraph message) before
    any process starts when this host cannot grade; otherwise serves until stopped."""
    from levelup.grading.errors import SandboxUnavailable
    from levelup.grading.sandbox import missing_layers
    from levelup.hosted.grading import QUEUE_NAME, connect
    from levelup.store.database import Database

    refuse_local_clock()
    if processes < 1:
        raise HostedError("--processes must be at least 1")
    if threads != 1:
        # the trusted harness runs pytest in the worker process, which holds one check at a time
        raise HostedError("--threads must be 1: a worker process grades one check at a time; use --processes")
    queue = QueueSettings.from_environment()
    settings = Settings.from_environment()
    missing = missing_layers()
    if missing:
        reasons = "; ".join(f"{layer.name}: {layer.detail}" for layer in missing)
        raise SandboxUnavailable(
            f"a grading worker refuses to start without every sandbox layer ({reasons}); "
            "`levelup doctor` shows how to fix each"
        )
    connect(queue).close()
    Database(settings.database_url).engine.dispose()  # reachable and migrated; no connection kept for the forks
    announce(
        f"levelup worker: {processes} process(es) grading the queue at {queue.namespace} "
        f"(redelivery after {queue.redelivery_seconds:g} s of silence); Ctrl-C stops"
    )
    # take no more checks than it can grade at once (read when Dramatiq is first imported)
    os.environ["dramatiq_queue_prefetch"] = str(threads)  # noqa: SIM112 (Dramatiq's own spelling)
    from dramatiq.cli import main, make_argument_parser

    args = make_argument_parser().parse_args(
        ["levelup.hosted.worker_process", "--processes", str(processes), "--threads", str(threads),
         "--queues", QUEUE_NAME]
    )
    return int(main(args) or 0)
