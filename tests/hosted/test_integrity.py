"""Each integrity rule: what it flags, what it lets pass, and the sentence a reviewer reads."""

from __future__ import annotations

from levelup.hosted.integrity import (
    CodeStep,
    LevelWindow,
    Thresholds,
    added_characters,
    attempt_flags,
    burst_flags,
    clock,
    first_try_flags,
    focus_flags,
    paste_flags,
)
from levelup.store.models import IntegrityEventRow

RULES = Thresholds()


def event(elapsed: float, kind: str, amount: float, path: str | None = None) -> IntegrityEventRow:
    return IntegrityEventRow(attempt_id=1, elapsed_seconds=elapsed, kind=kind, amount=amount, path=path)


def test_a_large_paste_is_flagged_with_its_size_file_and_moment() -> None:
    flags = paste_flags([event(65, "paste", 40), event(130, "paste", 1840, "bank.py")], RULES)
    assert [f.reason for f in flags] == ["Pasted 1,840 characters into bank.py at 2:10 (flagged from 200)."]
    assert flags[0].elapsed_seconds == 130


def test_the_paste_threshold_is_adjustable() -> None:
    assert len(paste_flags([event(65, "paste", 40)], Thresholds(paste_characters=30))) == 1


def test_focus_lost_for_long_is_flagged_short_absences_are_not() -> None:
    flags = focus_flags([event(300, "focus-lost", 12), event(3725, "focus-lost", 250)], RULES)
    assert [f.reason for f in flags] == ["Left the page for 4 min 10 s, back at 1:02:05 (flagged from 1 min)."]
    assert focus_flags([event(300, "focus-lost", 12)], Thresholds(focus_lost_seconds=10))


def test_new_characters_count_code_not_whitespace_or_unchanged_lines() -> None:
    before = {"a.py": "def f():\n    return 1\n"}
    assert added_characters(before, {"a.py": "def f():\n        return 1\n"}) == 0  # re-indented
    assert added_characters(before, {"a.py": "def f():\n    return 1\n\nx = 10\n"}) == 4  # x=10
    assert added_characters({}, {"b.py": "y = 2\n"}) == 3  # a new file counts whole
    renamed_everywhere = added_characters(
        {"a.py": "total = 0\ntotal += 1\nprint(total)\n"}, {"a.py": "count = 0\ncount += 1\nprint(count)\n"}
    )
    assert renamed_everywhere < len("count") * 3 + 1  # only the new letters, not the whole lines


def test_a_save_bringing_more_code_than_anyone_types_is_a_burst() -> None:
    steps = [CodeStep(100, "save", 120), CodeStep(130, "check"), CodeStep(140, "save", 900)]
    flags = burst_flags(steps, [event(135, "paste", 950)], RULES)
    assert [f.reason for f in flags] == [
        "900 new characters arrived in 40 s between 1:40 and 2:20 (22 a second, faster than typing); "
        "the page reported 1 paste of 950 characters then."
    ]


def test_steady_typing_is_not_a_burst_however_much_it_adds() -> None:
    steps = [CodeStep(30.0 * n, "save", 150) for n in range(1, 40)]  # 5 characters a second for 20 minutes
    assert burst_flags(steps, [], RULES) == []


def test_a_burst_without_a_paste_says_so() -> None:
    flags = burst_flags([CodeStep(20, "save", 600)], [], RULES)
    assert flags[0].reason.endswith("no paste was reported then.")
    assert "between 0:00 and 0:20" in flags[0].reason


def test_a_level_passed_on_its_first_check_with_code_from_one_save_is_first_try() -> None:
    steps = [CodeStep(200, "save", 30), CodeStep(260, "save", 700), CodeStep(262, "check")]
    flags = first_try_flags(steps, [LevelWindow(1, 0.0, 262)], RULES)
    assert [f.reason for f in flags] == [
        "Level 1 passed on its first check, at 4:22, and 96% of the 730 new characters written since the start "
        "arrived in one save, at 4:20: the solution appeared nearly fully formed."
    ]


def test_a_level_worked_out_over_many_saves_or_checks_is_not_first_try() -> None:
    gradual = [CodeStep(30.0 * n, "save", 80) for n in range(1, 11)] + [CodeStep(305, "check")]
    assert first_try_flags(gradual, [LevelWindow(1, 0.0, 305)], RULES) == []
    retried = [CodeStep(200, "save", 700), CodeStep(205, "check"), CodeStep(230, "save", 5), CodeStep(232, "check")]
    assert first_try_flags(retried, [LevelWindow(1, 0.0, 232)], RULES) == []


def test_first_try_counts_a_later_level_from_its_unlock() -> None:
    steps = [
        CodeStep(30, "save", 200), CodeStep(60, "save", 200), CodeStep(62, "check"),  # level 1, unlocks 2 at 62
        CodeStep(600, "save", 40), CodeStep(640, "save", 800), CodeStep(641, "check"),
    ]
    levels = [LevelWindow(1, 0.0, 62), LevelWindow(2, 62, 641), LevelWindow(3, 641, None)]
    flags = first_try_flags(steps, levels, RULES)
    assert [f.elapsed_seconds for f in flags] == [641]
    assert "Level 2 passed on its first check, at 10:41" in flags[0].reason
    assert "since it unlocked at 1:02" in flags[0].reason


def test_an_honest_attempt_has_no_flags() -> None:
    steps = [CodeStep(30.0 * n, "save", 90) for n in range(1, 12)] + [CodeStep(335, "check"), CodeStep(400, "check")]
    events = [event(50, "paste", 25), event(120, "focus-lost", 8)]
    assert attempt_flags(steps, [LevelWindow(1, 0.0, 400)], events, RULES) == []


def test_flags_come_in_time_order() -> None:
    events = [event(900, "paste", 500), event(100, "focus-lost", 300)]
    assert [f.rule for f in attempt_flags([], [], events, RULES)] == ["focus-lost", "paste"]


def test_clock_reads_like_the_attempt_timer() -> None:
    assert [clock(5), clock(65), clock(3725)] == ["0:05", "1:05", "1:02:05"]
