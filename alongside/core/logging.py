"""Structured logging helpers: a request id on every line, and no control characters."""

from __future__ import annotations

import contextvars
import logging

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def _escape(value: object) -> object:
    # CR, LF and ANSI escapes in user input must not forge or colour log lines.
    if isinstance(value, str):
        return value.encode("unicode_escape").decode("ascii")
    return value


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        if isinstance(record.msg, str):
            record.msg = _escape(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_escape(a) for a in record.args)
        return True
