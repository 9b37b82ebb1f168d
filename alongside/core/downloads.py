"""Every file Alongside hands to a browser goes out through ``file_response``.

Uploaded files (receipts) and files made from people's data (print packs, payment-run files,
exports) are served as attachments, under a name Alongside makes from the kind of file (never the
name the uploader gave), with the content type of the kind that was checked when the file came
in, and ``nosniff`` so that no browser guesses HTML or SVG from the bytes. A kind that is not on
the list below is served as plain bytes (``application/octet-stream``). Only PDFs that Alongside
made itself (flyers, letter previews) may open in the browser.
"""

from __future__ import annotations

import re

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

# The kinds of file Alongside serves, each with the one extension its files get.
KINDS = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "text/csv": "csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "text/plain": "txt",
    "application/json": "json",
    "text/calendar": "ics",
}
UNKNOWN = "application/octet-stream"
# Nothing in a downloaded file may run or load anything, even if a browser were to render it.
_LOCKED_DOWN = "default-src 'none'; sandbox"


def extension(content_type: str) -> str:
    return KINDS.get(content_type, "bin")


def safe_name(stem: str, content_type: str) -> str:
    """``stem`` reduced to letters, digits and dashes, with the extension of ``content_type``."""
    clean = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-")[:80] or "file"
    return f"{clean}.{extension(content_type)}"


def file_response(content, *, content_type: str, name: str, inline: bool = False) -> HttpResponse:
    """Serve ``content`` (bytes, text or an open binary file) as a file called ``name`` + extension."""
    kind = content_type if content_type in KINDS else UNKNOWN
    header = f"{kind}; charset=utf-8" if kind.startswith("text/") or kind == "application/json" else kind
    if isinstance(content, bytes | str):
        response = HttpResponse(content, content_type=header)
    else:
        response = FileResponse(content, content_type=header)
    inline = inline and kind == "application/pdf"
    response["Content-Disposition"] = content_disposition_header(not inline, safe_name(name, kind))
    response["X-Content-Type-Options"] = "nosniff"
    if not inline:
        # A sandboxed page cannot show a PDF, so only downloads are locked down this far.
        response["Content-Security-Policy"] = _LOCKED_DOWN
    return response
