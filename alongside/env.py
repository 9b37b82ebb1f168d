"""Small typed readers for configuration from environment variables.

Every setting comes from the environment; secrets may also be read from a file
named by ``<NAME>_FILE`` so that container secret stores work unchanged.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def env_str(name: str, default: str = "") -> str:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def secret_key_from(data_dir: Path) -> str:
    """SECRET_KEY from the environment, or one generated once and kept in the data folder."""
    configured = env_str("SECRET_KEY")
    if configured:
        return configured
    key_file = data_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    # Readable only by the owner: the key signs sessions and unsubscribe links.
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key


# A server listening on every address is reached on this machine by the loopback address.
_EVERY_ADDRESS = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "localhost"}  # noqa: S104


def served_base_url(host: str, port: str) -> str:
    """The address people open when ``alongside serve`` listens on ``host:port``."""
    name = _EVERY_ADDRESS.get(host.strip("[]"), host)
    if ":" in name:
        name = f"[{name.strip('[]')}]"
    return f"http://{name}:{port}"


def serve_environment(environ: dict[str, str], host: str, port: str) -> dict[str, str]:
    """``environ`` with ``BASE_URL`` matching the served address, unless it was set on purpose.

    Emailed links are built from ``BASE_URL``; without this, ``make run PORT=8080`` would send
    sign-in links to port 8000. Production must name its public address itself.
    """
    chosen = environ.get("BASE_URL") or environ.get("BASE_URL_FILE")
    if chosen or environ.get("ALONGSIDE_ENV") == "production":
        return dict(environ)
    return {**environ, "BASE_URL": served_base_url(host, port)}
