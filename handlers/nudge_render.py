"""Rendering nudges: one message for one or several nudges of a user, with their buttons."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from telegram import InlineKeyboardMarkup

from bot.i18n import fmt_date, money, t
from coach.nudges import Claimed
from coach.nudges.contact_log import CONTACT_KINDS
from coach.profile import Profile
from handlers import callback_data as cb
from handlers.conversation import Button, keyboard

DEBT_KINDS = ("due", "overdue")


def _amount(user: Profile, lang: str, params: dict[str, str]) -> str | None:
    raw = params.get("amount")
    if not raw:
        return None
    return money(Decimal(raw), user.currency, lang)


def line(user: Profile, row: Claimed) -> str:
    lang, p = user.language, row.params
    name = p.get("name", "")
    amount = _amount(user, lang, p)
    if row.kind == "due":
        days = int(p.get("days", "0") or 0)
        when = fmt_date(date.fromisoformat(p["date"]), lang) if p.get("date") else ""
        key = "nudge.due_today" if days == 0 else "nudge.due_soon"
        required = p.get("required")
        nothing = required and p.get("amount") is not None and Decimal(p["amount"]) <= 0
        suffix = ("_none" if nothing else "_short" if amount and required
                  else "_amount" if amount else "")
        text = t(lang, key + suffix, name=name, amount=amount or "", date=when, days=days,
                 required=money(Decimal(required), user.currency, lang) if required else "")
        if p.get("auto_debit") == "1":
            text += " " + t(lang, "nudge.auto_debit")
        return text
    if row.kind == "overdue":
        since = fmt_date(date.fromisoformat(p["since"]), lang) if p.get("since") else ""
        return t(lang, "nudge.overdue", name=name, since=since, amount=amount or "—")
    if row.kind == "paid_later":  # /paid with a date to come: "remind me then"
        return t(lang, "nudge.paid_later", name=name, amount=amount or "—")
    if row.kind == "checkin":
        return t(lang, "nudge.checkin")
    if row.kind == "review":
        return review(user, row)
    if row.kind in CONTACT_KINDS:  # the contact log's: a follow-up, a promise, a grace period
        when = fmt_date(date.fromisoformat(p["date"]), lang) if p.get("date") else ""
        return t(lang, f"nudge.{row.kind}", name=name, date=when, amount=amount or "")
    return t(lang, f"nudge.{row.kind}", **p)


def review(user: Profile, row: Claimed) -> str:
    """New month: this month's actions, progress since last month, or a rise, kindly."""
    lang, p = user.language, row.params
    actions = row.review_actions
    lines = [t(lang, "nudge.review" if actions else "nudge.review_plain")]
    for name, amount in actions:
        lines.append(t(lang, "plan.action", amount=money(amount, user.currency, lang), lender=name))
    if p.get("change"):
        change = Decimal(p["change"])
        if change > 0:
            lines.append(t(lang, "nudge.review_up", amount=money(change, user.currency, lang)))
        elif change < 0:
            lines.append(t(lang, "nudge.review_down", amount=money(-change, user.currency, lang),
                           streak=p.get("streak", "1")))
    return "\n".join(lines)


def buttons(user: Profile, row: Claimed, *, compact: bool) -> list[list[Button]]:
    lang, nid = user.language, row.id
    if row.kind in DEBT_KINDS:
        paid = t(lang, "btn.nudge_paid")
        if compact:
            paid = f"{paid} · {row.params.get('name', '')[:14]}"
        return [
            [(paid, cb.PAY_FROM_NUDGE(nid)), (t(lang, "btn.nudge_snooze_hour"), cb.NUDGE_SNOOZE(nid, "h")),
             (t(lang, "btn.nudge_snooze_day"), cb.NUDGE_SNOOZE(nid, "d"))],
            [(t(lang, "btn.nudge_cant") + (f" · {row.params.get('name', '')[:14]}" if compact else ""),
              cb.NUDGE_CANT(nid)), (t(lang, "btn.nudge_mute"), cb.NUDGE_MUTE(nid))],
        ]
    if row.kind == "paid_later":
        return [[(t(lang, "btn.nudge_paid"), cb.PAY_FROM_NUDGE(nid))]]
    if row.kind == "checkin":
        return [[(t(lang, f"btn.checkin_{a}"), cb.NUDGE_CHECKIN(nid, a)) for a in ("less", "same", "more")]]
    if row.kind == "review":
        return [[(t(lang, "btn.see_plan"), cb.NUDGE_PLAN())]]
    if row.kind in CONTACT_KINDS:
        return contact_buttons(user, row, compact=compact)
    return []


def contact_buttons(user: Profile, row: Claimed, *, compact: bool) -> list[list[Button]]:
    """A follow-up: log it; a promise: paid (its amount, as a payment); a grace period
    ending: prepare the call. Each with snooze."""
    lang, nid, p = user.language, row.id, row.params
    name = f" · {p.get('name', '')[:14]}" if compact else ""
    snooze = [(t(lang, "btn.nudge_snooze_hour"), cb.NUDGE_SNOOZE(nid, "h")),
              (t(lang, "btn.nudge_snooze_day"), cb.NUDGE_SNOOZE(nid, "d"))]
    if row.kind == "followup":
        first = (t(lang, "btn.nudge_log") + name, cb.LOG_FROM_NUDGE(nid))
    elif row.kind == "promise":
        first = (t(lang, "btn.nudge_paid") + name, cb.PAY_FROM_NUDGE(nid))
    else:
        debt_id = int(p.get("debt_id", "0") or 0)
        first = (t(lang, "btn.prepare_call", lender=p.get("name", "")[:20]), cb.NEG_DEBT(debt_id))
    return [[first, *snooze]]


def render(user: Profile, rows: list[Claimed]) -> tuple[str, InlineKeyboardMarkup | None]:
    lang = user.language
    if len(rows) == 1:
        text = line(user, rows[0])
        if rows[0].kind in DEBT_KINDS:
            text += "\n\n" + t(lang, "nudge.next_step")
        rows_kb = buttons(user, rows[0], compact=False)
    else:
        text = "\n".join([t(lang, "nudge.digest_title"), *(f"• {line(user, r)}" for r in rows)])
        rows_kb = [b for r in rows for b in buttons(user, r, compact=True)]
    return text, keyboard(*rows_kb)
