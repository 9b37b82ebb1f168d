"""Encryption at rest for bank details (Fernet: AES-128-CBC with HMAC-SHA256).

The key comes from ``PAYMENTS_ENCRYPTION_KEY`` when it is set (a Fernet key, or
any long secret), otherwise it is derived from ``SECRET_KEY``. Operators who
rotate ``SECRET_KEY`` must set ``PAYMENTS_ENCRYPTION_KEY`` to keep old details
readable (see docs/payments.md).
"""

from __future__ import annotations

import base64
import os

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


def _key() -> bytes:
    secret = os.environ.get("PAYMENTS_ENCRYPTION_KEY") or getattr(settings, "PAYMENTS_ENCRYPTION_KEY", "")
    secret = secret or settings.SECRET_KEY
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"alongside.payments.bank").derive(
        secret.encode()
    )
    return base64.urlsafe_b64encode(derived)


def encrypt(text: str) -> str:
    return Fernet(_key()).encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return Fernet(_key()).decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("Bank details cannot be read with the current key.") from exc
