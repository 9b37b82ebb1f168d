"""With Redis, Alongside refuses to start on a server that could evict lockouts and rate limits.

Each test starts a throwaway redis-server of its own on a socket file, so no shared Redis is touched.
"""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest
from django.core.checks import Error, Warning
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from alongside.caches import cache_settings
from alongside.core.checks import kept_state_is_never_evicted


@pytest.fixture
def redis_server(tmp_path):
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    socket = tmp_path / "redis.sock"
    server = subprocess.Popen(  # noqa: S603
        [binary, "--port", "0", "--unixsocket", str(socket), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not socket.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"unix://{socket}"
    server.terminate()
    server.wait(timeout=10)


def _set_policy(url: str, policy: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    client.config_set("maxmemory-policy", policy)
    client.close()


@pytest.fixture
def on_redis(settings):
    """Point the caches at a Redis as production would, and back to memory before the caches are cleared."""
    in_memory = settings.CACHES

    def point(url: str, pages_url: str = "") -> None:
        settings.CACHES = cache_settings(redis_url=url, pages_redis_url=pages_url)

    yield point
    settings.CACHES = in_memory


@pytest.mark.parametrize("policy", ["allkeys-lru", "volatile-lru", "volatile-ttl", "allkeys-random"])
def test_a_redis_that_may_evict_stops_alongside_from_starting(on_redis, redis_server, policy):
    _set_policy(redis_server, policy)
    on_redis(redis_server)
    with pytest.raises(SystemCheckError, match="alongside.E001"):
        call_command("check", "--tag", "caches")


def test_a_redis_that_never_evicts_passes(on_redis, redis_server):
    _set_policy(redis_server, "noeviction")
    on_redis(redis_server)
    assert kept_state_is_never_evicted(None) == []
    call_command("check", "--tag", "caches")


def test_pages_in_the_same_redis_as_lockouts_are_warned_about(on_redis, redis_server):
    on_redis(redis_server, pages_url=redis_server)
    (message,) = kept_state_is_never_evicted(None)
    assert isinstance(message, Warning) and message.id == "alongside.W003"


def test_a_redis_that_cannot_be_asked_is_a_warning_not_a_crash(on_redis, tmp_path):
    on_redis(f"unix://{tmp_path / 'nobody-here.sock'}")
    (message,) = kept_state_is_never_evicted(None)
    assert isinstance(message, Warning) and message.id == "alongside.W002"
    assert not isinstance(message, Error)


def test_without_redis_there_is_nothing_to_check(on_redis):
    on_redis("")
    assert kept_state_is_never_evicted(None) == []
