"""The hosted server survives malformed requests and oversized uploads with a 4xx and a message."""

from __future__ import annotations

from tests.hosted.conftest import HostedWorld


def test_oversized_bodies_are_refused_before_they_are_read(world: HostedWorld) -> None:
    ann = world.candidate("ann@example.com")
    save = f"/api/attempts/{ann.attempt_id}/files/banking_system.py"
    headers = {"X-CSRF-Token": ann.csrf}
    huge = ann.client.put(save, content=b'{"text": "' + b"x" * (3 * 1024 * 1024) + b'"}', headers=headers)
    assert huge.status_code == 413 and "at most" in huge.json()["error"]
    big_file = ann.client.put(save, json={"text": "x" * (600 * 1024)}, headers=headers)
    assert big_file.status_code == 413 and "512 KiB" in big_file.json()["error"]
    chunks = (b"x" * (1024 * 1024) for _ in range(3))  # no Content-Length: cut off while it arrives
    chunked = ann.client.put(save, content=chunks, headers=headers)
    assert chunked.status_code == 413
    lying = ann.client.put(save, content=b"{}", headers=headers | {"Content-Length": "not-a-number"})
    assert 400 <= lying.status_code < 500
    signin = world.client().post("/signin", content=b"name=" + b"a" * (3 * 1024 * 1024),
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert signin.status_code == 413
    assert ann.client.get(f"/api/attempts/{ann.attempt_id}/status").status_code == 200  # still serving


def test_malformed_requests_get_a_4xx(world: HostedWorld) -> None:
    ann = world.candidate("ann@example.com")
    base = f"/api/attempts/{ann.attempt_id}"
    headers = {"X-CSRF-Token": ann.csrf}
    for body in (b"not json", b'{"text": 5}', b"[]", b'{"other": "x"}'):
        response = ann.client.put(f"{base}/files/banking_system.py", content=body, headers=headers)
        assert response.status_code == 400 and "error" in response.json(), body
    assert ann.client.get("/api/attempts/not-a-number/status").status_code == 422
    assert ann.client.put(f"{base}/files/tests/test_level_1.py", json={"text": "x"}, headers=headers).status_code == 403
    check = ann.client.post(f"{base}/checks", headers=headers).json()
    events = ann.client.get(check["events"], headers={"Last-Event-ID": "yesterday"})
    assert events.status_code == 400
    assert ann.client.post("/invite/%00%ff/start").status_code == 404

    admin, csrf = world.signed_in("boss")
    for form in ({"title": "X", "slug": "banking", "minutes": "ninety"},
                 {"title": "", "slug": "banking", "minutes": "60"},
                 {"title": "X", "slug": "banking", "minutes": "60", "opens_at": "next tuesday"},
                 {"title": "X", "slug": "banking", "minutes": "-5"}):
        response = admin.post("/admin/assessments", data=form | {"csrf_token": csrf})
        assert response.status_code == 400, form
    wrong_type = admin.post("/admin/assessments", content=b'{"title": "X"}',
                            headers={"Content-Type": "application/json", "X-CSRF-Token": csrf})
    assert wrong_type.status_code == 400
    assert admin.get("/admin/assessments/12345").status_code == 404
