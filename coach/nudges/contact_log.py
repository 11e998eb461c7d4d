"""The contact log's nudge kinds: follow-ups, promises to pay, the end of a grace period.

Registered like the built-in kinds (rules in :mod:`coach.nudges`); the facts come from
``DebtFacts.follow_ups``, ``.promises`` and ``.grace_until``
(:mod:`coach.nudges.contact_facts`). Times are ``prefs.hour`` on the user's local date,
moved out of quiet hours. Keys are stable and unique per logged entry: they carry the
debt id and the first 16 hex characters of the entry's hash, which changes with any
correction (a corrected follow-up is a new entry, so a new key; the old one is cancelled
by the re-plan once the caller passes only current versions).

* ``followup``: on the follow-up date of a contact. Key ``followup:{debt}:{entry16}``;
  sent late up to 2 days after its date (``FOLLOWUP_CATCH_UP``).
* ``promise``: the day before a promise-to-pay date (it is an obligation, not a due
  date). Key ``promise:{debt}:{entry16}``; a promise made for today or tomorrow after the
  reminder's moment is reminded at once, up to the promised date itself.
* ``grace_end``: the day before an agreed grace period's last day. Key
  ``grace_end:{debt}:{last day}``; sent late up to that last day. (While it runs, the
  ``overdue`` kind is paused: coach.nudges.policies.overdue.)

Enable them in the users' kinds (:data:`CONTACT_KINDS`): they are appointments the user
set, so ``prefs.kinds | CONTACT_KINDS`` is a sensible default.
"""

from __future__ import annotations

from datetime import timedelta

from coach.nudges.core import Inputs, NudgeSpec, choose, money, register

__all__ = ["CONTACT_KINDS", "FOLLOWUP_CATCH_UP", "KEY_HASH", "followup", "grace_end", "promise"]

CONTACT_KINDS: frozenset[str] = frozenset({"followup", "promise", "grace_end"})
#: A follow-up missed while the bot was down is still worth sending for this long.
FOLLOWUP_CATCH_UP = timedelta(days=2)
#: Hex characters of the entry hash in a key (64 bits: unique per user's log).
KEY_HASH = 16
_DAY = timedelta(days=1)


@register("followup")
def followup(inp: Inputs) -> list[NudgeSpec]:
    """On each contact's follow-up date at prefs.hour; caught up for 2 days."""
    out: list[NudgeSpec] = []
    for debt in inp.nudgeable:
        for f in debt.follow_ups:
            spec = NudgeSpec(
                "followup", f"debt:{debt.id}", f"followup:{debt.id}:{f.entry[:KEY_HASH]}",
                inp.at(f.on, inp.prefs.hour * 60),
                {"debt_id": str(debt.id), "name": debt.name, "entry": f.entry[:8],
                 "step": f.step, "date": f.on.isoformat(),
                 "last_day": (f.on + FOLLOWUP_CATCH_UP).isoformat()},
            )
            out += choose(inp, [spec], catch_up=True)
    return out


@register("promise")
def promise(inp: Inputs) -> list[NudgeSpec]:
    """The day before each promise-to-pay date at prefs.hour; caught up until the date."""
    out: list[NudgeSpec] = []
    for debt in inp.nudgeable:
        for p in debt.promises:
            spec = NudgeSpec(
                "promise", f"debt:{debt.id}", f"promise:{debt.id}:{p.entry[:KEY_HASH]}",
                inp.at(p.due - _DAY, inp.prefs.hour * 60),
                {"debt_id": str(debt.id), "name": debt.name, "entry": p.entry[:8],
                 "amount": money(p.amount), "date": p.due.isoformat(),
                 "last_day": p.due.isoformat()},
            )
            out += choose(inp, [spec], catch_up=True)
    return out


@register("grace_end")
def grace_end(inp: Inputs) -> list[NudgeSpec]:
    """The day before a grace period's last day at prefs.hour; caught up until that day."""
    out: list[NudgeSpec] = []
    for debt in inp.nudgeable:
        last = debt.grace_until
        if last is None:
            continue
        spec = NudgeSpec(
            "grace_end", f"debt:{debt.id}", f"grace_end:{debt.id}:{last.isoformat()}",
            inp.at(last - _DAY, inp.prefs.hour * 60),
            {"debt_id": str(debt.id), "name": debt.name, "date": last.isoformat(),
             "last_day": last.isoformat()},
        )
        out += choose(inp, [spec], catch_up=True)
    return out
