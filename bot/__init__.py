"""Debt Coach: the composition root, services, catalogs, emulator, console and CLI."""

import os

# Opt in to PTB's future behaviour now: RetryAfter.retry_after is a timedelta.
os.environ.setdefault("PTB_TIMEDELTA", "true")
