"""Cookie flags under production settings (catalogue B.31), checked in a separate process."""

import json
import os
import subprocess
import sys

PROBE = r"""
import json
import django
from django.conf import settings

# Serve static files from the source folders so the probe needs no collectstatic run;
# nothing about cookies depends on this.
settings.STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
django.setup()
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client, RequestFactory

call_command("migrate", "sessions", verbosity=0)
call_command("createcachetable", verbosity=0)
cookies = Client(HTTP_HOST="alongside.example").get("/accounts/login/", secure=True).cookies


def view_that_uses_the_session(request):
    request.session["probe"] = True
    return HttpResponse()


request = RequestFactory(HTTP_HOST="alongside.example").get("/", secure=True)
cookies.update(SessionMiddleware(view_that_uses_the_session)(request).cookies)
flags = {
    name: {key: morsel[key] for key in ("secure", "httponly", "samesite", "path", "domain")}
    for name, morsel in cookies.items()
}
print("COOKIES=" + json.dumps(flags))
"""


def _cookies_in_production(tmp_path) -> dict:
    env = {
        **os.environ,
        "ALONGSIDE_ENV": "production",
        "SECRET_KEY": "p" * 20 + "-a-long-random-production-secret-value-0123456789",
        "ALLOWED_HOSTS": "alongside.example",
        "BASE_URL": "https://alongside.example",
        "ALONGSIDE_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "alongside.settings",
    }
    for name in ("DEBUG", "REDIS_URL", "EMAIL_HOST"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stderr[-3000:]
    line = next(line for line in result.stdout.splitlines() if line.startswith("COOKIES="))
    return json.loads(line.removeprefix("COOKIES="))


def test_production_cookies_are_host_only_secure_and_hidden_from_scripts(tmp_path):
    cookies = _cookies_in_production(tmp_path)
    assert set(cookies) == {"__Host-sessionid", "__Host-csrftoken"}
    for name, flags in cookies.items():
        # The __Host- prefix only holds with Secure, Path=/ and no Domain.
        assert flags["secure"] is True, name
        assert flags["path"] == "/", name
        assert flags["domain"] == "", name
        assert flags["samesite"] == "Lax", name
    assert cookies["__Host-sessionid"]["httponly"] is True
