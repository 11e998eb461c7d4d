"""No card, account or ID number reaches a log: every log record is masked as it is made.

Users paste bills and type card numbers; libraries log what they receive at DEBUG (the
Bot API calls with the user's text), and an error's message may quote the input. A log
record factory runs :func:`coach.masking.mask_numbers` over each record's message when it
is created, whichever logger made it and whichever handler writes it: ``卡号
6222021234567890123`` is logged as ``卡号**** 0123``. Installed once by
:func:`bot.config.configure_logging` and :func:`bot.app.build_application`.
"""

from __future__ import annotations

import logging
from typing import Any

from coach.masking import mask_numbers

__all__ = ["install", "masked_record"]

_installed = False


def masked_record(record: logging.LogRecord) -> logging.LogRecord:
    """``record`` with card, account and ID numbers in its message masked (in place)."""
    try:
        message = record.getMessage()
    except Exception:  # a malformed record: leave it to the logging module to report
        return record
    masked = mask_numbers(message)
    if masked != message:
        record.msg, record.args = masked, None
    return record


def install() -> None:
    """Mask every log record from now on (idempotent)."""
    global _installed
    if _installed:
        return
    make = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return masked_record(make(*args, **kwargs))

    logging.setLogRecordFactory(factory)
    _installed = True
