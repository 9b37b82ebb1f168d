"""Checking uploaded files before they are stored: size, type by content, and images.

The type is decided from the file's first bytes, never from its name or the
browser's claim, and images are checked for size before they are decoded.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Magic bytes of the file types Alongside accepts.
_SIGNATURES = {
    "application/pdf": [b"%PDF-"],
    "image/png": [b"\x89PNG\r\n\x1a\n"],
    "image/jpeg": [b"\xff\xd8\xff"],
    "text/csv": [],
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [b"PK\x03\x04"],
}
RECEIPT_TYPES = ("application/pdf", "image/png", "image/jpeg")
SPREADSHEET_TYPES = ("text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
MAX_IMAGE_PIXELS = 40_000_000


@dataclass
class CheckedUpload:
    content_type: str
    size: int


def _sniff(head: bytes, allowed: tuple[str, ...]) -> str | None:
    for content_type in allowed:
        signatures = _SIGNATURES[content_type]
        if any(head.startswith(sig) for sig in signatures):
            return content_type
    if "text/csv" in allowed and _looks_like_text(head):
        return "text/csv"
    return None


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head or head.lstrip().lower().startswith((b"<", b"%pdf", b"mz")):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        try:
            head.decode("cp1252")
        except UnicodeDecodeError:
            return False
    return True


def _image_pixels(upload) -> int:
    from PIL import Image, UnidentifiedImageError

    upload.seek(0)
    try:
        with Image.open(upload) as image:  # reads the header only; no decoding yet
            width, height = image.size
    except Image.DecompressionBombError:
        return MAX_IMAGE_PIXELS + 1
    except (UnidentifiedImageError, OSError) as exc:
        raise ValidationError(_("The image could not be read. Choose a different file.")) from exc
    finally:
        upload.seek(0)
    return width * height


def check_upload(upload, allowed: tuple[str, ...], max_bytes: int | None = None) -> CheckedUpload:
    """Raise ValidationError with a plain message unless ``upload`` is an allowed, sane file."""
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is too large. Choose a file smaller than %(mb)s MB.") % {"mb": max_bytes // 1_048_576}
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty. Choose a different file."))
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    content_type = _sniff(head, allowed)
    if content_type is None:
        raise ValidationError(
            _("This type of file cannot be used. Choose a PDF, JPG or PNG file.")
            if set(allowed) == set(RECEIPT_TYPES)
            else _("This type of file cannot be used.")
        )
    if content_type.startswith("image/") and _image_pixels(upload) > MAX_IMAGE_PIXELS:
        raise ValidationError(_("The image is too large. Choose a smaller photo or scan."))
    return CheckedUpload(content_type=content_type, size=upload.size)
