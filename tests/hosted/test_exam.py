"""A candidate's exam graded for real (the local runner, in this process, until the queue lands):
a level-1 solution unlocks level 2; every save is an autosave snapshot for the replay; after
submitting, the candidate's report never shows the reference solution."""

from __future__ import annotations

import json

from sqlalchemy import select

from levelup.store.models import SnapshotRow
from tests.hosted.conftest import HostedWorld, reference


def test_a_candidate_checks_unlocks_and_submits_without_seeing_a_reference(grading_world: HostedWorld) -> None:
    ann = grading_world.candidate("ann@example.com")
    base = f"/api/attempts/{ann.attempt_id}"
    headers = {"X-CSRF-Token": ann.csrf}
    solution = reference("banking", 1)["banking_system.py"]
    saved = ann.client.put(f"{base}/files/banking_system.py", json={"text": solution}, headers=headers)
    assert saved.status_code == 200
    with grading_world.app.state.service.database.session() as session:
        snapshots = session.scalars(select(SnapshotRow)).all()
        assert [s.path for s in snapshots] == ["banking_system.py"] and snapshots[0].attempt_id == ann.attempt_id

    check = ann.client.post(f"{base}/checks", headers=headers).json()
    events = ann.client.get(check["events"]).text
    done = json.loads(events.split("event: done\ndata: ")[1].split("\n")[0])
    assert done["passed"] == done["total"] > 0
    assert done["status"]["current_level"] == 2
    assert "tests/test_level_2.py" in [f["path"] for f in ann.client.get(f"{base}/files").json()["files"]]

    assert ann.client.post(f"{base}/submit", headers=headers).json()["state"] == "submitted"
    report = ann.client.get(f"/attempts/{ann.attempt_id}/report")
    assert report.status_code == 200 and "100 / 1000" in report.text
    assert "reference" not in report.text.lower()
    level_two = reference("banking", 2)["banking_system.py"]
    assert not any(line.strip() in report.text for line in level_two.splitlines() if len(line.strip()) > 40)
