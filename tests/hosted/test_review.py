"""The review application layer on SQLite and PostgreSQL, over the seeded assessment
(tests/hosted/seed.py): who sees which candidates, the dashboard's numbers and flags, a
candidate's checks, the replay, reviews, the CSV, and what the candidate's page records."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from levelup.hosted import review
from levelup.problems.catalog import Catalog
from levelup.store.database import Database
from levelup.store.models import IntegrityEventRow, ReviewRow, SnapshotRow, User
from tests.hosted.seed import MODULE, Seeded, assessment, invite, reference, save, start, starter


def person(session: Session, who: User) -> User:
    found = session.get(User, who.id)
    assert found is not None
    return found


def rows_by_email(board: review.Dashboard) -> dict[str, review.CandidateRow]:
    return {row.email.split("@")[0]: row for row in board.rows}


def test_an_admin_sees_every_candidate_with_state_score_levels_and_checks(
    database: Database, seeded: Seeded, catalog: Catalog
) -> None:
    with database.session() as session:
        board = review.dashboard(session, person(session, seeded.admin), seeded.assessment.id, catalog)
    rows = rows_by_email(board)
    assert list(rows) == ["alice", "bob", "carol", "dan", "erin"]
    assert {name: row.state for name, row in rows.items()} == {
        "alice": "submitted", "bob": "in progress", "carol": "in progress", "dan": "invited", "erin": "expired"
    }
    assert (rows["alice"].score, rows["alice"].levels_passed, rows["alice"].checks) == (300, 2, 4)
    assert (rows["bob"].score, rows["bob"].levels_passed, rows["bob"].checks) == (100, 1, 2)
    assert rows["dan"].score is None and rows["dan"].checks == 0
    level_one = rows["bob"].level(1)
    assert level_one is not None and level_one.seconds == 136.0  # unlocked at 0, passed by the check at 2:16
    assert rows["alice"].reviewer == "rita@example.com" and rows["dan"].reviewer is None
    assert board.level_count == 4 and board.assessment.submitted == 1


def test_a_reviewer_sees_only_the_candidates_assigned_to_them(
    database: Database, seeded: Seeded, catalog: Catalog
) -> None:
    with database.session() as session:
        rita, sam = person(session, seeded.rita), person(session, seeded.sam)
        assert [r.email for r in review.dashboard(session, rita, seeded.assessment.id, catalog).rows] == [
            "alice@example.com", "bob@example.com"
        ]
        assert [r.email for r in review.dashboard(session, sam, seeded.assessment.id, catalog).rows] == [
            "carol@example.com"
        ]
        assert [(a.title, a.candidates) for a in review.assessments(session, sam)] == [
            ("Backend engineer, spring round", 1)
        ]
        with pytest.raises(review.NotAllowed, match="not assigned to you"):
            review.candidate(session, rita, seeded.carol.id, catalog)
        with pytest.raises(review.NotAllowed, match="not assigned to you"):
            review.replay(session, sam, seeded.bob.id, catalog)


def test_candidates_and_strangers_to_an_assessment_see_nothing(
    database: Database, seeded: Seeded, catalog: Catalog
) -> None:
    with database.session() as session:
        carol = session.get(User, session.scalars(select(User.id).where(User.name == "carol@example.com")).one())
        assert carol is not None
        with pytest.raises(review.NotAllowed, match="only admins and reviewers"):
            review.assessments(session, carol)
        with pytest.raises(review.NotAllowed):
            review.candidate(session, carol, seeded.carol.id, catalog)
        elsewhere = assessment(session, person(session, seeded.admin), "Another round")
        invite(session, elsewhere, "zed@example.com", person(session, seeded.sam))
        with pytest.raises(review.NotAllowed, match="no candidate of assessment"):
            review.dashboard(session, person(session, seeded.rita), elsewhere.id, catalog)
        with pytest.raises(review.NotFound):
            review.dashboard(session, person(session, seeded.admin), 9999, catalog)


def test_flags_point_at_the_paster_and_the_copier_not_at_the_steady_worker(
    database: Database, seeded: Seeded, catalog: Catalog
) -> None:
    with database.session() as session:
        rows = rows_by_email(review.dashboard(session, person(session, seeded.admin), seeded.assessment.id, catalog))
    assert rows["alice"].flags == ()
    assert rows["bob"].flag_counts() == {"focus-lost": 1, "paste": 1, "burst": 1, "first-try": 1, "similar": 1}
    assert rows["carol"].flag_counts() == {"similar": 1}
    similar = next(f for f in rows["carol"].flags if f.rule == "similar")
    assert similar.other_attempt == seeded.bob.id and "bob@example.com's" in similar.reason


def test_a_similar_candidate_the_reviewer_may_not_see_is_not_named(
    database: Database, seeded: Seeded, catalog: Catalog
) -> None:
    with database.session() as session:
        rows = rows_by_email(review.dashboard(session, person(session, seeded.rita), seeded.assessment.id, catalog))
    similar = next(f for f in rows["bob"].flags if f.rule == "similar")
    assert "another candidate's of this assessment" in similar.reason and "carol" not in similar.reason


def test_the_candidate_page_has_every_check_with_hidden_tests_in_full(
    database: Database, seeded: Seeded, catalog: Catalog
) -> None:
    with database.session() as session:
        page = review.candidate(session, person(session, seeded.rita), seeded.alice.id, catalog)
        steps = review.replay(session, person(session, seeded.rita), seeded.alice.id, catalog).steps
    assert [c.number for c in page.checks] == [1, 2, 3, 4]
    first = page.checks[0]
    assert (first.passed, first.total, first.score) == (first.total - 2, first.total, 0)
    failed = [r for r in first.results if r.status == "failed"]
    assert [r.message for r in failed] == ["assert -1 == 100", "assert -1 == 101"] and "deposit" in failed[0].details
    assert any(not r.visible for r in first.results)  # hidden tests are shown to staff
    assert page.replay_steps == len(steps) > 4
    assert page.own_review is None and page.events == ()


def test_the_candidate_page_lists_the_events_the_page_reported(
    database: Database, seeded: Seeded, catalog: Catalog
) -> None:
    with database.session() as session:
        page = review.candidate(session, person(session, seeded.admin), seeded.bob.id, catalog)
    assert [(e.kind, e.description) for e in page.events] == [
        ("focus-lost", "left the page for 4 min"),
        ("paste", f"pasted {len(reference(1)):,} characters into {MODULE}"),
    ]


def test_the_replay_steps_through_every_save_and_check_in_time_order(
    database: Database, seeded: Seeded, catalog: Catalog
) -> None:
    with database.session() as session:
        shown = review.replay(session, person(session, seeded.admin), seeded.bob.id, catalog)
        snapshots = session.scalar(select(func.count(SnapshotRow.id)).where(SnapshotRow.attempt_id == seeded.bob.id))
    steps = shown.steps
    assert len(steps) == snapshots + 2 and [s.number for s in steps] == list(range(1, len(steps) + 1))
    assert [s.elapsed_seconds for s in steps] == sorted(s.elapsed_seconds for s in steps)
    first, pasted, checked = steps[0], steps[1], steps[2]
    assert (first.kind, first.elapsed_seconds, first.path) == ("save", 120.0, MODULE)
    assert first.previous == {MODULE: starter()}  # step 1 is compared with the starter code
    assert [line.text.strip() for line in first.diffs[0].lines if line.kind == "add"] == ["self.balances = {}"]
    assert pasted.files[MODULE] == reference(1) and pasted.changed == (MODULE,)
    assert pasted.diffs[0].added > 10 and pasted.diffs[0].removed > 0
    assert checked.kind == "check" and checked.check is not None and checked.check.number == 1
    assert checked.diffs == () and checked.files == pasted.files  # the check ran the code just saved
    assert steps[-1].kind == "check" and steps[-1].files[MODULE] == reference(2)


def test_file_diffs_name_added_removed_and_changed_files() -> None:
    diffs = review.file_diffs({"a.py": "x = 1\n", "gone.py": "y = 2\n"}, {"a.py": "x = 2\n", "new.py": "z = 3\n"})
    assert [(d.path, d.change, d.added, d.removed) for d in diffs] == [
        ("a.py", "changed", 1, 1), ("gone.py", "removed", 0, 1), ("new.py", "added", 1, 0)
    ]
    assert [(line.kind, line.text) for line in diffs[0].lines] == [
        ("hunk", "@@ -1 +1 @@"), ("remove", "x = 1"), ("add", "x = 2")
    ]


def test_saving_a_review_twice_keeps_one_review_with_the_latest_words(
    database: Database, seeded: Seeded, catalog: Catalog
) -> None:
    with database.session() as session:
        rita = person(session, seeded.rita)
        review.save_review(session, rita, seeded.alice.id, 70, "solid level 1")
    with database.session() as session:
        rita = person(session, seeded.rita)
        saved = review.save_review(session, rita, seeded.alice.id, 85, "solid; clean refactor at level 2")
        review.save_review(session, person(session, seeded.admin), seeded.alice.id, 75, "agree")
    assert (saved.score, saved.notes, saved.reviewer) == (85, "solid; clean refactor at level 2", "rita@example.com")
    with database.session() as session:
        stored = session.scalars(select(ReviewRow).where(ReviewRow.reviewer_id == seeded.rita.id)).all()
        assert [(r.score, r.notes) for r in stored] == [(85, "solid; clean refactor at level 2")]
        rows = rows_by_email(review.dashboard(session, person(session, seeded.admin), seeded.assessment.id, catalog))
        page = review.candidate(session, person(session, seeded.rita), seeded.alice.id, catalog)
    assert rows["alice"].review_score == 80  # (85 + 75) / 2
    assert page.own_review is not None and page.own_review.score == 85


def test_a_review_score_outside_0_to_100_or_of_someone_elses_candidate_is_refused(
    database: Database, seeded: Seeded
) -> None:
    with database.session() as session:
        with pytest.raises(review.InvalidInput, match="0 to 100"):
            review.save_review(session, person(session, seeded.rita), seeded.alice.id, 101, "")
        with pytest.raises(review.NotAllowed):
            review.save_review(session, person(session, seeded.sam), seeded.alice.id, 50, "")
        cleared = review.save_review(session, person(session, seeded.rita), seeded.alice.id, None, "no score yet")
    assert cleared.score is None


def test_the_csv_has_a_row_per_candidate_and_defuses_formulas(
    database: Database, seeded: Seeded, catalog: Catalog
) -> None:
    with database.session() as session:
        admin = person(session, seeded.admin)
        invite(session, seeded.assessment, "=HYPERLINK(\"http://evil.example\",\"x\")@example.com")
        review.save_review(session, admin, seeded.bob.id, 10, "+1 for speed; -1 for the paste\n@team: discuss")
        board = review.dashboard(session, admin, seeded.assessment.id, catalog)
        text = review.dashboard_csv(board)
    alice_level_1 = rows_by_email(board)["alice"].level(1)
    assert alice_level_1 is not None and alice_level_1.seconds is not None
    table = list(csv.DictReader(io.StringIO(text)))
    assert list(table[0]) == [
        "email", "state", "score", "levels_passed", "level_1_minutes", "level_2_minutes", "level_3_minutes",
        "level_4_minutes", "checks", "flags", "reviewer", "review_score", "reviews", "review_notes",
    ]
    by_email = {row["email"]: row for row in table}
    assert "'=HYPERLINK(\"http://evil.example\",\"x\")@example.com" in by_email
    alice = by_email["alice@example.com"]
    assert (alice["state"], alice["score"], alice["levels_passed"], alice["checks"]) == ("submitted", "300", "2", "4")
    assert alice["level_1_minutes"] == f"{alice_level_1.seconds / 60:.1f}" != ""
    assert alice["level_3_minutes"] == "" and alice["flags"] == ""
    bob = by_email["bob@example.com"]
    assert bob["review_score"] == "10" and bob["reviews"] == "admin@example.com: 10"
    assert bob["review_notes"] == "admin@example.com: +1 for speed; -1 for the paste\n@team: discuss"
    assert "Pasted" in bob["flags"]
    for row in table:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@")), cell


def test_safe_cell_prefixes_only_formula_starts() -> None:
    assert [review.safe_cell(t) for t in ("=1+1", "+44 20", "-2", "@SUM(A1)", "\tx", "plain", "a=b")] == [
        "'=1+1", "'+44 20", "'-2", "'@SUM(A1)", "'\tx", "plain", "a=b"
    ]


def test_a_snapshot_is_stored_per_change_and_measures_the_new_code(
    database: Database, seeded: Seeded, tmp_path: Path
) -> None:
    folder = Path(seeded.carol.workspace)
    with database.session() as session:
        attempt = session.get(type(seeded.carol), seeded.carol.id)
        assert attempt is not None
        moment = attempt.started_at + timedelta(minutes=30)
        before = session.scalar(select(func.count(SnapshotRow.id)).where(SnapshotRow.attempt_id == attempt.id))
        assert review.record_snapshot(session, attempt.id, folder, MODULE, moment) is None  # nothing changed
        (folder / MODULE).write_text((folder / MODULE).read_text() + "\nLIMIT = 10\n")
        stored = review.record_snapshot(session, attempt.id, folder, MODULE, moment)
        assert stored is not None and stored.added_characters == len("LIMIT=10")
        assert stored.elapsed_seconds == 1800.0 and stored.path == MODULE
        (folder / "helpers.py").write_text("def helper():\n    return 1\n")
        assert review.record_snapshot(session, attempt.id, folder, "helpers.py", moment) is not None
        count = session.scalar(select(func.count(SnapshotRow.id)).where(SnapshotRow.attempt_id == attempt.id))
        assert count == before + 2
        alice = session.get(type(seeded.alice), seeded.alice.id)
        assert alice is not None and alice.submitted_at is not None
        assert review.record_snapshot(session, alice.id, Path(alice.workspace), MODULE, moment) is None


def test_the_first_snapshot_is_measured_against_the_starter(database: Database, seeded: Seeded, tmp_path: Path) -> None:
    with database.session() as session:
        fresh = start(session, invite(session, seeded.assessment, "fay@example.com"), seeded.bob.started_at,
                      tmp_path / "fay")
        assert save(session, fresh, 10, starter()) is not None  # the unchanged starter: no new code
        first = session.scalars(select(SnapshotRow).where(SnapshotRow.attempt_id == fresh.id)).one()
        assert first.added_characters == 0


def test_events_are_recorded_on_the_server_clock_for_the_owner_only(database: Database, seeded: Seeded) -> None:
    with database.session() as session:
        bob_user = session.get(User, seeded.bob.user_id)
        carol_user = session.get(User, seeded.carol.user_id)
        assert bob_user is not None and carol_user is not None
        moment = seeded.bob.started_at + timedelta(seconds=600)
        stored = review.record_event(session, bob_user, seeded.bob.id, "paste", 321, MODULE, moment)
        assert (stored.elapsed_seconds, stored.kind, stored.amount, stored.path) == (600.0, "paste", 321.0, MODULE)
        with pytest.raises(review.NotAllowed, match="not yours"):
            review.record_event(session, carol_user, seeded.bob.id, "paste", 10, None, moment)
        with pytest.raises(review.InvalidInput, match="kind"):
            review.record_event(session, bob_user, seeded.bob.id, "keylog", 10, None, moment)
        with pytest.raises(review.InvalidInput, match="amount"):
            review.record_event(session, bob_user, seeded.bob.id, "focus-lost", -5, None, moment)
        with pytest.raises(review.InvalidInput, match="amount"):
            review.record_event(session, bob_user, seeded.bob.id, "paste", float("nan"), None, moment)
        alice_user = session.get(User, seeded.alice.user_id)
        assert alice_user is not None
        with pytest.raises(review.AttemptClosed):
            review.record_event(session, alice_user, seeded.alice.id, "paste", 10, None, moment)


def test_a_page_reporting_too_often_is_slowed_down(database: Database, seeded: Seeded) -> None:
    with database.session() as session:
        bob_user = session.get(User, seeded.bob.user_id)
        assert bob_user is not None
        moment = seeded.bob.started_at + timedelta(seconds=900)
        for n in range(review.EVENTS_PER_MINUTE):
            review.record_event(session, bob_user, seeded.bob.id, "focus-lost", 3, None, moment + timedelta(seconds=n))
        with pytest.raises(review.TooManyEvents):
            review.record_event(session, bob_user, seeded.bob.id, "focus-lost", 3, None, moment + timedelta(seconds=40))
        later = moment + timedelta(seconds=95)  # a minute after most of them
        review.record_event(session, bob_user, seeded.bob.id, "focus-lost", 3, None, later)
        of_bob = IntegrityEventRow.attempt_id == seeded.bob.id
        count = session.scalar(select(func.count(IntegrityEventRow.id)).where(of_bob))
    assert count == 2 + review.EVENTS_PER_MINUTE + 1
