"""docker-compose.yml cannot run here, so it is checked against the project it names."""

from __future__ import annotations

import importlib
import re

import pytest
import yaml

from .conftest import REPO

COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text())
SETTINGS_SOURCE = (REPO / "factcheck" / "settings.py").read_text()
SETTINGS_VARIABLES = set(
    re.findall(
        r"""(?:os\.environ\.get|env_bool|env_int|env_list)\(\s*["']([A-Z_]+)["']""", SETTINGS_SOURCE
    )
)


def test_compose_has_web_worker_database_and_redis_with_health_checks():
    services = COMPOSE["services"]
    assert {"web", "worker", "db", "redis"} <= set(services)
    for name in ("web", "worker", "db", "redis"):
        assert "healthcheck" in services[name], f"{name} has no health check"


def test_database_and_redis_are_the_versions_the_issue_names():
    assert COMPOSE["services"]["db"]["image"] == "postgres:16"
    assert COMPOSE["services"]["redis"]["image"] == "redis:7"


def test_the_database_keeps_its_data_in_a_named_volume():
    volumes = COMPOSE["services"]["db"]["volumes"]
    assert any(v.split(":")[0] in COMPOSE["volumes"] for v in volumes)


def test_web_migrates_then_serves_the_project_wsgi_app_with_gunicorn():
    command = COMPOSE["services"]["web"]["command"]
    assert command.index("manage.py migrate") < command.index("gunicorn")
    target = re.search(r"gunicorn (\S+):(\S+)", command)
    module = importlib.import_module(target.group(1))
    assert callable(getattr(module, target.group(2)))


def test_worker_runs_the_project_celery_app():
    command = COMPOSE["services"]["worker"]["command"]
    app_module = re.search(r"celery -A (\S+)", command).group(1)
    assert importlib.import_module(app_module).celery_app.main == "factcheck"


@pytest.mark.parametrize("service", ["web", "worker"])
def test_every_variable_given_to_the_app_is_one_the_settings_read(service):
    environment = COMPOSE["services"][service]["environment"]
    unknown = set(environment) - SETTINGS_VARIABLES
    assert not unknown, f"settings never read {sorted(unknown)}"


@pytest.mark.parametrize("service", ["web", "worker"])
def test_app_services_reach_db_and_redis_by_their_compose_names(service):
    environment = COMPOSE["services"][service]["environment"]
    assert "@db:5432/" in environment["DATABASE_URL"]
    assert environment["CELERY_BROKER_URL"].startswith("redis://redis:6379")
    assert set(COMPOSE["services"][service]["depends_on"]) == {"db", "redis"}


def test_the_image_build_has_a_dockerfile_that_copies_the_project():
    dockerfile = (REPO / "Dockerfile").read_text()
    for part in ("manage.py", "factcheck", "articles", "templates", "static", "pyproject.toml"):
        assert part in dockerfile
