import threading

import lab


def test_three_callers_meet_inside_the_worker():
    results = []

    def call():
        results.append(lab.meet())

    threads = [threading.Thread(target=call) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["met", "met", "met"]
