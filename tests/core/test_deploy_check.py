import os
import subprocess
import sys

from django.test import override_settings

from alongside.core.checks import privacy_notice_names_the_controller

PRIVACY_ENV = {
    "PRIVACY_CONTROLLER_NAME": "Example Health Research Network",
    "PRIVACY_EMAIL": "privacy@research.example",
    "PRIVACY_DPO_EMAIL": "dpo@research.example",
    "PRIVACY_ICO_REGISTRATION": "ZA123456",
}


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "ALONGSIDE_ENV": "production",
        "SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-value-0123456789",
        "ALLOWED_HOSTS": "alongside.example",
        "BASE_URL": "https://alongside.example",
        "ALONGSIDE_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "alongside.settings",
        **PRIVACY_ENV,
    }
    env.pop("DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-m", "alongside", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_demo_data_is_refused_in_production(tmp_path):
    env = {
        **os.environ,
        "ALONGSIDE_ENV": "production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "alongside.example",
        "ALONGSIDE_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-m", "alongside", "load_demo"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "never loaded in production" in result.stderr


def test_production_is_warned_while_the_privacy_notice_shows_the_demo_controller():
    with override_settings(PRODUCTION=True, PRIVACY_ICO_REGISTRATION="ZA123456"):
        warnings = privacy_notice_names_the_controller(None)
    assert [w.id for w in warnings] == ["alongside.W004"]
    assert "PRIVACY_CONTROLLER_NAME" in warnings[0].msg and "PRIVACY_ICO_REGISTRATION" not in warnings[0].msg
    with override_settings(PRODUCTION=True, **PRIVACY_ENV):
        assert privacy_notice_names_the_controller(None) == []
