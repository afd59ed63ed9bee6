"""Autosave snapshots (hosted mode): every save through the editor's file API stores the
candidate's whole code as a zip, as a check does, so a reviewer can replay how it evolved."""

from __future__ import annotations

from pathlib import Path

from levelup.attempts import timer, workspace
from levelup.attempts.service import AttemptService, AttemptView
from levelup.hosted.people import server_now
from levelup.store.models import AttemptRow, SnapshotRow


def record_save(service: AttemptService, view: AttemptView, path: str) -> None:
    code = workspace.read_code(Path(view.workspace))
    moment = server_now()
    with service.database.session() as session:
        attempt = session.get(AttemptRow, view.id)
        if attempt is None or attempt.submitted_at is not None:
            return
        elapsed = timer.elapsed_seconds(attempt, moment)
        if attempt.time_limit_seconds is not None:
            elapsed = min(elapsed, attempt.time_limit_seconds)
        session.add(SnapshotRow(attempt_id=attempt.id, created_at=moment, elapsed_seconds=elapsed, path=path,
                                code_archive=workspace.archive(code)))
