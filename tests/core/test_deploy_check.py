import os
import subprocess
import sys


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "ALONGSIDE_ENV": "production",
        "SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-value-0123456789",
        "ALLOWED_HOSTS": "alongside.example",
        "BASE_URL": "https://alongside.example",
        "ALONGSIDE_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "alongside.settings",
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
