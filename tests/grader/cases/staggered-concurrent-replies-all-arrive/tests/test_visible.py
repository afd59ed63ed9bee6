import threading

import lab


def test_six_overlapping_calls_each_get_their_own_reply():
    results = {}

    def call(index):
        results[index] = lab.meet_then_wait(index)

    threads = [threading.Thread(target=call, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {i: i for i in range(6)}
