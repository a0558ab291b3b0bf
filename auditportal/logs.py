"""Structured logs: one JSON object a line, in UTC, with the request id and the person's id.

Never note text: a log line carries what the code wrote (``"access refused"``), ids and
keys. An exception is logged as its type and where it was raised; its message only for the
few types whose messages never quote what was typed (connection and file errors), because
PostgreSQL's "Failing row contains (…)" and Python's "invalid literal for int(): '…'" do.
"""

from __future__ import annotations

import contextvars
import datetime
import json
import logging
import traceback

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
person_id: contextvars.ContextVar[int | None] = contextvars.ContextVar("person_id", default=None)

# Exceptions whose messages say what failed without quoting data.
MESSAGE_KEPT_FOR = ("OperationalError", "InterfaceError", "ConnectionError", "TimeoutError")
# LogRecord's own attributes: anything else on a record was passed in ``extra=``.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}
# Django puts the request and its socket on some records; they are not data to log.
_NOT_LOGGED = {"request", "server_time", "connection"}


class ContextFilter(logging.Filter):
    """Stamps each record with the request it belongs to (set by ``faults`` middleware)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        record.person_id = person_id.get()
        return True


class JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or None,
            "person_id": getattr(record, "person_id", None),
        }
        for name, value in record.__dict__.items():
            if name not in _STANDARD and name not in _NOT_LOGGED and name not in entry:
                entry[name] = (
                    value
                    if isinstance(value, int | float | bool | type(None))
                    else str(value)[:200]
                )
        if record.exc_info and record.exc_info[1] is not None:
            entry["exception"] = describe_exception(record.exc_info[1])
        return json.dumps(entry, ensure_ascii=False, default=str)


def describe_exception(error: BaseException) -> dict:
    kind = type(error).__name__
    frames = traceback.extract_tb(error.__traceback__)[-12:]
    described = {
        "type": f"{type(error).__module__}.{kind}",
        "at": [f"{frame.filename}:{frame.lineno} in {frame.name}" for frame in frames],
    }
    if kind in MESSAGE_KEPT_FOR or isinstance(error, OSError):
        described["message"] = str(error).splitlines()[0][:300] if str(error) else ""
    return described
