"""Configuration beyond one machine: read replica router, S3 uploads and tasks on Redis, by env."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from alongside import db_routers
from alongside.db_routers import ReadReplicaRouter, reading_from_replica
from alongside.opportunities.models import Opportunity
from alongside.people.models import Contributor, SearchEntry


def _settings_with(**env) -> dict:
    """Import the settings in a fresh process with these variables and report what they chose."""
    script = (
        "import json, alongside.settings as s; print(json.dumps({"
        "'storage': s.STORAGES['default'], 'tasks': s.TASKS['default'], 'apps': s.INSTALLED_APPS, "
        "'databases': sorted(s.DATABASES), 'routers': getattr(s, 'DATABASE_ROUTERS', []), "
        "'rq': getattr(s, 'RQ_QUEUES', None), 'caches': s.CACHES, "
        "'sessions': getattr(s, 'SESSION_ENGINE', 'django.contrib.sessions.backends.db')}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("S3_", "DATABASE_REPLICA", "TASKS_"))}
    done = subprocess.run(
        [sys.executable, "-c", script], env={**clean, **env}, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_uploads_stay_on_local_disk_without_a_bucket():
    assert _settings_with()["storage"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_a_bucket_moves_uploads_to_s3_with_signed_links():
    chosen = _settings_with(S3_BUCKET="alongside-files", S3_ENDPOINT_URL="https://s3.example.net")
    assert chosen["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert chosen["storage"]["OPTIONS"]["bucket_name"] == "alongside-files"
    assert chosen["storage"]["OPTIONS"]["endpoint_url"] == "https://s3.example.net"
    assert chosen["storage"]["OPTIONS"]["querystring_auth"] is True


def test_the_rq_backend_puts_tasks_on_redis():
    chosen = _settings_with(TASKS_BACKEND="django_tasks_rq.RQBackend", REDIS_URL="redis://cache:6379/1")
    assert chosen["tasks"]["QUEUES"] == ["default"]
    assert {"django_rq", "django_tasks_rq"} <= set(chosen["apps"])
    assert chosen["rq"]["default"]["URL"] == "redis://cache:6379/1"


def test_public_pages_are_cached_in_a_redis_of_their_own_or_in_each_process():
    shared = _settings_with(REDIS_URL="redis://state:6379/0", PAGE_CACHE_REDIS_URL="redis://pages:6379/0")
    assert shared["caches"]["pages"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert shared["caches"]["pages"]["LOCATION"] == "redis://pages:6379/0"
    assert shared["caches"]["default"]["LOCATION"] == "redis://state:6379/0"
    # Never beside lockouts in the Redis that must not evict: pages stay in each process's memory.
    local = _settings_with(REDIS_URL="redis://state:6379/0", PAGE_CACHE_REDIS_URL="")["caches"]["pages"]
    assert local["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert local["OPTIONS"]["MAX_ENTRIES"] == 2000


def test_a_replica_url_adds_the_replica_and_its_router():
    chosen = _settings_with(DATABASE_REPLICA_URL="postgres://reader@replica:5432/alongside")
    assert chosen["databases"] == ["default", "replica"]
    assert chosen["routers"] == ["alongside.db_routers.ReadReplicaRouter"]


def test_router_sends_search_reads_to_the_replica_and_everything_else_to_the_primary(monkeypatch):
    monkeypatch.setattr(db_routers, "replica_configured", lambda: True)
    router = ReadReplicaRouter()
    assert router.db_for_read(SearchEntry) == "replica"
    assert router.db_for_read(Contributor) is None
    assert router.db_for_write(SearchEntry) == "default"
    with reading_from_replica():
        assert router.db_for_read(Opportunity) == "replica"
    assert router.db_for_read(Opportunity) is None
    assert router.allow_migrate("replica", "people") is False


def test_router_does_nothing_without_a_replica():
    assert ReadReplicaRouter().db_for_read(SearchEntry) is None


def test_sessions_are_read_from_redis_when_there_is_one_and_kept_in_the_database():
    assert _settings_with(REDIS_URL="redis://cache:6379/1")["sessions"] == (
        "django.contrib.sessions.backends.cached_db"
    )
    assert _settings_with(REDIS_URL="")["sessions"] == "django.contrib.sessions.backends.db"


def test_serve_starts_the_rq_worker_that_first_puts_back_abandoned_jobs(monkeypatch):
    from alongside.__main__ import _worker_command

    monkeypatch.setenv("TASKS_BACKEND", "django_tasks_rq.RQBackend")
    assert _worker_command() == ["task_worker"]
    monkeypatch.delenv("TASKS_BACKEND")
    assert _worker_command()[0] == "db_worker"


def test_search_reads_the_primary_without_a_replica():
    assert db_routers.search_database() == "default"
