"""The hosted app under test, on each store engine: a SQLite file and a PostgreSQL database of its
own per test (dropped afterwards). Staff accounts, an assessment and invited candidates are made
through the application layer; requests go through FastAPI's TestClient. The review tests use the
seeded assessment of tests/hosted/seed.py on the same engines."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient

from levelup.attempts.service import AttemptService
from levelup.hosted.assessments import Assessments
from levelup.hosted.config import HostedConfig
from levelup.hosted.people import People
from levelup.problems.catalog import Catalog
from levelup.settings import Settings
from levelup.store.database import Database
from levelup.web.checks import CheckRunner
from levelup.web.hosted.app import create_hosted_app
from tests.hosted.seed import Seeded, seed_assessment
from tests.store.conftest import database_url, postgres_url  # noqa: F401 (fixtures)

PASSWORD = "correct horse battery"
# argon2id with small costs: the tests are about who may do what, not about the hash's strength
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
BUNDLED = Path(__file__).resolve().parents[2] / "src" / "levelup" / "problems" / "bundled"


def instant_grade(folder: Path, on_test: Any) -> dict[str, Any]:
    """A stand-in grader for tests about who may reach what (grading itself is tested elsewhere)."""
    on_test({"name": "test_stand_in", "status": "passed"})
    return {"total": 1, "passed": 1}


@dataclass
class Candidate:
    email: str
    token: str
    attempt_id: int
    client: TestClient
    csrf: str


@dataclass
class HostedWorld:
    settings: Settings
    app: FastAPI
    runner: CheckRunner
    assessment_id: int
    admin_id: int
    reviewer_id: int
    clients: list[TestClient] = field(default_factory=list)

    def client(self, **options: Any) -> TestClient:
        client = TestClient(self.app, follow_redirects=False, **options)
        client.__enter__()
        self.clients.append(client)
        return client

    @property
    def assessments(self) -> Assessments:
        found: Assessments = self.app.state.assessments
        return found

    def signed_in(self, name: str, password: str = PASSWORD) -> tuple[TestClient, str]:
        client = self.client()
        response = client.post("/signin", data={"name": name, "password": password})
        assert response.status_code == 303, response.text
        return client, csrf_of(client.get("/admin/people" if name == "boss" else "/review").text)

    def invite(self, email: str, assessment_id: int | None = None) -> str:
        issued = self.assessments.invite(assessment_id or self.assessment_id, email, self.reviewer_id, 14,
                                         "http://testserver")
        return issued[0].link.rsplit("/", 1)[1]

    def candidate(self, email: str) -> Candidate:
        token = self.invite(email)
        client = self.client()
        response = client.post(f"/invite/{token}/start")
        assert response.status_code == 303, response.text
        attempt_id = int(response.headers["location"].rsplit("/", 1)[1])
        page = client.get(f"/attempts/{attempt_id}")
        assert page.status_code == 200, page.text
        return Candidate(email, token, attempt_id, client, csrf_of(page.text))


def csrf_of(html: str) -> str:
    found = re.search(r'<meta name="csrf-token" content="([^"]*)">', html)
    assert found is not None and found.group(1), "the page carries no CSRF token"
    return found.group(1)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hosted.db'}"
    return str(request.getfixturevalue("postgres_url"))


def make_world(settings: Settings, runner: CheckRunner, config: HostedConfig | None = None) -> HostedWorld:
    app = create_hosted_app(settings, runner, config or HostedConfig())
    people: People = app.state.people
    people.hasher = FAST_HASHER
    admin = people.create_staff("boss", "boss@example.com", PASSWORD, "admin")
    reviewer = people.create_staff("rita", "rita@example.com", PASSWORD, "reviewer")
    assessment_id = app.state.assessments.create("Backend screen", "banking", 90, None, None, admin.id)
    return HostedWorld(settings, app, runner, assessment_id, admin.id, reviewer.id)


@pytest.fixture
def world(store_url: str, isolated_levelup_home: Path) -> Iterator[HostedWorld]:
    settings = Settings.from_environment()
    settings = Settings(settings.home, store_url, settings.user)
    built = make_world(settings, CheckRunner(instant_grade))
    yield built
    for client in built.clients:
        client.__exit__(None, None, None)
    built.runner.close()


@pytest.fixture
def grading_world(tmp_path: Path, isolated_levelup_home: Path) -> Iterator[HostedWorld]:
    """SQLite, with the local runner grading for real (in this process, as before the queue lands)."""
    from levelup.web.app import local_runner

    base = Settings.from_environment()
    settings = Settings(base.home, f"sqlite:///{tmp_path / 'hosted.db'}", base.user)
    runner, warm = local_runner(AttemptService(settings))
    built = make_world(settings, runner)
    yield built
    for client in built.clients:
        client.__exit__(None, None, None)
    warm.close()
    runner.close()


def reference(slug: str, level: int) -> dict[str, str]:
    folder = BUNDLED / slug / "levels" / str(level) / "solution"
    return {path.name: path.read_text() for path in folder.glob("*.py")}


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:  # noqa: F811
    opened = Database(database_url)
    yield opened
    opened.engine.dispose()


@pytest.fixture
def seeded(database: Database, tmp_path: Path) -> Seeded:
    with database.session() as session:
        return seed_assessment(session, tmp_path / "workspaces")


@pytest.fixture
def catalog() -> Catalog:
    return Catalog()
