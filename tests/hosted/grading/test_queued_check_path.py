"""The queued path of a check through the application layer alone (no broker): the request's
moment decides, and a request graded again is not stored again."""

from __future__ import annotations

from pathlib import Path

from levelup.attempts.service import AttemptService
from levelup.settings import Settings
from tests.cli.test_end_to_end import use_reference


def test_a_check_requested_before_submit_counts_though_it_is_graded_after(tmp_path: Path) -> None:
    service = AttemptService(Settings.from_environment())
    view = service.start("banking", tmp_path / "bank", "exam", None)
    use_reference(Path(view.workspace), "banking", 1)
    request_id = service.request_check(Path(view.workspace))
    service.submit(Path(view.workspace))  # lands while the check waits in the queue
    outcome = service.grade_request(request_id)
    assert outcome.counted and outcome.unlocked_level == 2
    assert service.attempt(view.id).score == outcome.score > 0


def test_a_request_graded_again_returns_the_stored_check_and_stores_nothing_more(tmp_path: Path) -> None:
    service = AttemptService(Settings.from_environment())
    view = service.start("banking", tmp_path / "bank", "exam", None)
    use_reference(Path(view.workspace), "banking", 1)
    request_id = service.request_check(Path(view.workspace))
    first = service.grade_request(request_id)
    again = service.grade_request(request_id)
    assert service.attempt(view.id).checks == 1
    assert (again.score, again.counted, again.unlocked_level) == (first.score, first.counted, first.unlocked_level)
    assert [t.status for t in again.result.tests] == [t.status for t in first.result.tests]
    assert service.request_status(request_id) == ("done", None)


def test_a_check_after_submit_is_recorded_but_does_not_count(tmp_path: Path) -> None:
    service = AttemptService(Settings.from_environment())
    view = service.start("banking", tmp_path / "bank", "exam", None)
    use_reference(Path(view.workspace), "banking", 1)
    service.submit(Path(view.workspace))
    outcome = service.grade_request(service.request_check(Path(view.workspace)))
    assert not outcome.counted and service.attempt(view.id).score == 0
