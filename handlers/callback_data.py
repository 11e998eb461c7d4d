"""Callback data: short, prefixed, parsed strictly. Telegram allows at most 64 bytes.

Anything that does not parse is treated as an expired button. Data that names a
stored object (a debt, a payment) is always re-checked against the tapping
user by the service, so forged data finds nothing.
"""

from __future__ import annotations

import re

# Onboarding (/start)
CONSENT = re.compile(r"^ob:consent:(y|n)$")
REGION = re.compile(r"^ob:region:(cn|us|other)$")
TZ = re.compile(r"^ob:tz:([A-Za-z0-9_+\-/:]{1,40})$")
CURRENCY = re.compile(r"^ob:cur:([A-Z]{3}|other)$")

# Settings
SETTINGS_MENU = re.compile(r"^set:(region|tz|cur|quiet|lang|consent|close)$")
SETTINGS_REGION = re.compile(r"^set:region:(cn|us|other)$")
SETTINGS_TZ = re.compile(r"^set:tz:([A-Za-z0-9_+\-/:]{1,40})$")
SETTINGS_CURRENCY = re.compile(r"^set:cur:([A-Z]{3})$")
SETTINGS_QUIET = re.compile(r"^set:quiet:(off|\d{1,4}-\d{1,4})$")
SETTINGS_CONSENT = re.compile(r"^set:consent:(y|n)$")

# /language
LANGUAGE = re.compile(r"^lang:(zh_CN|en)$")

# /delete_me
DELETE = re.compile(r"^del:(yes|no)$")


def data(*parts: str) -> str:
    text = ":".join(parts)
    if len(text.encode()) > 64:
        raise ValueError(f"callback data over 64 bytes: {text!r}")
    return text
