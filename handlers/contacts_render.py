"""Rendering the contact log: catalog lines with their rules, the /log questions and card,
the saved confirmation, the rights card, the complaint draft and the timeline."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from bot.i18n import Safe, fmt_date, fmt_month, legal_footer, local_datetime, money, with_citation
from bot.services.contact_rights import Rights
from bot.services.contact_save import Offer, Saved
from bot.services.contacts import Question
from bot.services.portfolio import PlanView
from coach.collection_text import Contact
from coach.complaint_draft import draft_lines, render_plain
from coach.conduct import Region, label_key, local_time, region_of
from coach.contact_citations import citation_for
from coach.contact_draft import ContactDraft, from_entry
from coach.contacts import (
    Channel,
    Conduct,
    Confirmation,
    ContactEntry,
    Direction,
    NextStep,
    OutcomeKind,
)
from coach.lines import Line
from coach.timezones import zone
from handlers import callback_data as cb
from handlers.conversation import Button, Turn, columns

MONEY = frozenset({"amount", "offer", "needed", "payment", "balance", "gap", "available"})
CHANNEL_ICONS = {Channel.CALL: "📞", Channel.SMS: "📨", Channel.APP_CHAT: "📱",
                 Channel.WECHAT: "💬", Channel.LETTER: "📮", Channel.VISIT: "🚪",
                 Channel.EMAIL: "📧"}
Rows = list[list[Button]]
#: A note is shown up to this many characters on cards (it is stored whole).
SHOWN_NOTE = 600
#: A message is split before Telegram's 4,096 characters.
MESSAGE_LIMIT = 3800


def clip(text: str, limit: int = SHOWN_NOTE) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def chunks(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """``text`` in messages under ``limit`` characters, split between paragraphs (then
    lines) so nothing is cut mid-sentence."""
    out: list[str] = []
    current = ""
    for part in text.split("\n"):
        candidate = f"{current}\n{part}" if current else part
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            out.append(current)
        while len(part) > limit:
            out.append(part[:limit])
            part = part[limit:]
        current = part
    if current:
        out.append(current)
    return out or [""]


def params(turn: Turn, raw: Mapping[str, Any]) -> dict[str, Any]:
    """A line's params for the catalog (coach.lines conventions): money, dates, local
    times, and ``*_label`` codes rendered first."""
    out: dict[str, Any] = {}
    for k, v in raw.items():
        if k.endswith("_label"):
            out[k] = turn.t(str(v))
        elif isinstance(v, Decimal) and k in MONEY:
            out[k] = money(v, turn.currency, turn.lang)
        elif isinstance(v, datetime):
            out[k] = local_datetime(v, turn.lang)
        elif isinstance(v, date):
            out[k] = fmt_date(v, turn.lang)
        else:
            out[k] = "" if v is None else v
    return out


def render(turn: Turn, ln: Line, region: Region | None = None, *, cite: bool = True) -> str:
    """One line from the catalog, followed by the rule it rests on (name and article)."""
    text = turn.t(ln.code, **params(turn, ln.params))
    return with_citation(turn.lang, text, citation_for(ln, region) if cite else None)


def rendered(turn: Turn, lines: Iterable[Line], region: Region | None = None,
             prefix: str = "") -> list[str]:
    return [prefix + render(turn, ln, region) for ln in lines]


def flag_label(turn: Turn, c: Conduct) -> str:
    """The words for ``c`` as the user's region puts it (coach.conduct.label_key)."""
    return turn.t(label_key(_region(turn), c))


def _region(turn: Turn) -> Region:
    return region_of(turn.profile.jurisdiction.code if turn.profile else None)


def _local(turn: Turn, at: datetime, tz: str) -> str:
    return local_datetime(at.astimezone(zone(tz)), turn.lang)


# --- the /log card -------------------------------------------------------------------------


def figures(turn: Turn, d: ContactDraft) -> str:
    def m(v: Decimal) -> str:
        return money(v, turn.currency, turn.lang)

    k = d.outcome
    if k is OutcomeKind.GRACE and d.on:
        return turn.t("log.fig.until", date=fmt_date(d.on, turn.lang))
    if k is OutcomeKind.INSTALMENTS and d.count and d.amount:
        return turn.t("log.fig.schedule", count=d.count, amount=m(d.amount))
    if k in (OutcomeKind.SETTLEMENT, OutcomeKind.PROMISE) and d.amount and d.on:
        return turn.t("log.fig.amount_by", amount=m(d.amount), date=fmt_date(d.on, turn.lang))
    if k in (OutcomeKind.PENALTY_STOPPED, OutcomeKind.FEES_WAIVED) and d.amount:
        return turn.t("log.fig.off", amount=m(d.amount))
    if k is OutcomeKind.INTEREST_STOPPED and d.on:
        return turn.t("log.fig.from", date=fmt_date(d.on, turn.lang))
    return ""


def card_lines(turn: Turn, d: ContactDraft, lender: str) -> list[str]:
    """The answers of a draft (or an entry, through from_entry), one line each."""
    lines = [turn.t("log.card.debt", lender=lender)]
    if d.occurred_at is not None:
        lines.append(turn.t("log.card.when", when=_local(turn, d.occurred_at, d.tz)))
    if d.direction is not None and d.channel is not None:
        how = f"{CHANNEL_ICONS[d.channel]} {turn.t(f'contact.channel.{d.channel.value}')} · " \
              f"{turn.t(f'contact.direction.{d.direction.value}')}"
        if d.channel is Channel.CALL and d.direction is Direction.INBOUND:
            how += " · " + (turn.t("log.card.answered") if d.connected
                            else turn.t("log.card.missed", count=d.attempts))
        lines.append(how)
    if d.party is not None:
        lines.append(turn.t("log.card.who", party=turn.t(f"contact.party.{d.party.value}")))
    for name in ("agency", "agent", "phone"):
        if getattr(d, name):
            lines.append(turn.t(f"complaint.draft.{name}", **{name: getattr(d, name)}))
    if d.note:
        lines.append(turn.t("log.card.note", note=clip(d.note)))
    if d.attachments:
        lines.append(turn.t("log.card.files", count=len(d.attachments)))
    if d.outcome is not None:
        fig = figures(turn, d)
        line = turn.t("log.card.outcome", outcome=turn.t(f"outcome.kind.{d.outcome.value}"))
        if fig:
            line += " · " + fig
        if d.agreed and d.confirmation is not None:
            line += " · " + turn.t(f"log.card.{d.confirmation.value}")
        lines.append(line)
    if d.next_step is not None:
        line = turn.t("log.card.next", step=turn.t(f"contact.next.{d.next_step.value}"))
        if d.follow_up is not None:
            line += " · " + fmt_date(d.follow_up, turn.lang)
        lines.append(line)
    if d.flags:
        labels = "、" if turn.lang == "zh_CN" else ", "
        lines.append("⚠️ " + labels.join(flag_label(turn, c) for c in sorted(
            d.flags, key=lambda c: list(Conduct).index(c))))
    if Conduct.THIRD_PARTY in d.flags and ("reachable" in d.asked or "revealed" in d.asked):
        yn = {True: turn.t("btn.yes"), False: turn.t("btn.no"), None: turn.t("log.btn.not_sure")}
        parts = []
        if "reachable" in d.asked:
            parts.append(turn.t("log.card.reachable", answer=yn[d.reachable]))
        if "revealed" in d.asked:
            parts.append(turn.t("log.card.revealed", answer=yn[d.revealed]))
        lines.append(" · ".join(parts))
    return lines


def card(turn: Turn, q: Question) -> tuple[str, Rows]:
    d = q.draft
    title = (turn.t("log.card.correction_title", entry=d.corrects[:8]) if d.corrects
             else turn.t("log.card.title"))
    lines = [title, "", *card_lines(turn, d, q.debt.lender if q.debt else "")]
    if q.offer is not None and not q.offer.checks and d.with_collector:
        lines += ["", *rendered(turn, q.offer.notes, q.region)]  # US: why no checks here
    text = "\n".join(lines)
    rows = [[(turn.t("btn.save"), cb.LOG_SAVE(d.token))],
            [(turn.t("log.btn.change"), cb.LOG_CHANGE()), (turn.t("btn.cancel"), cb.LOG_CANCEL())]]
    return text, rows


# --- after Save ----------------------------------------------------------------------------


def plan_line(turn: Turn, view: Saved) -> str | None:
    before, after = view.before, view.after
    if after is None or view.change is None:
        return None
    def ends(view: PlanView | None) -> str | None:
        label = view.story.ending.label if view is not None and view.story.feasible else None
        return fmt_month(label[0], label[1], turn.lang) if label is not None else None

    now = ends(after)
    if now is not None:
        was = ends(before) or "—"
        if was == now:
            return turn.t("log.plan.same", date=now)
        return turn.t("log.plan.ends", date=now, before=was)
    return turn.t("log.plan.short", gap=money(after.story.gap, turn.currency, turn.lang))


def saved(turn: Turn, view: Saved) -> tuple[str, Rows]:
    e = view.entry
    if e.withdrawn:
        lines = [turn.t("contacts.deleted", entry=e.corrects[:8])]
    elif e.corrects:
        lines = [turn.t("log.saved_correction", entry=e.short_hash, original=e.corrects[:8])]
    else:
        lines = [turn.t("contact.saved", entry=e.short_hash)]
    if view.applied.reverted is not None:
        lines.append(turn.t("log.reverted"))
    if view.applied.conflicts:
        lines.append(turn.t("log.conflicts"))
    lines += [render(turn, ln) for ln in view.changed]
    if view.promise_warning is not None:
        lines.append("⚠️ " + render(turn, view.promise_warning))
    plan = plan_line(turn, view)
    if plan:
        lines.append(plan)
    rows: Rows = [[(turn.t("contacts.btn.timeline"), cb.CT_DEBT(view.debt.id))]]
    if view.change is not None:
        rows[0].append((turn.t("btn.see_plan"), cb.NUDGE_PLAN()))
    return "\n".join(lines), rows


# --- the rights card -------------------------------------------------------------------------


def rights(turn: Turn, r: Rights) -> tuple[str, Rows]:
    region, lang = r.region, turn.lang
    if not r.any and not r.unlicensed:
        return turn.t("rights.none", lender=r.debt.lender), []
    lines = [turn.t("rights.title" if region is not Region.OTHER else "rights.title_other",
                    lender=r.debt.lender)]
    for conduct, rule in r.breaches:
        label = flag_label(turn, conduct)
        if rule is None:
            lines.append(turn.t("rights.breach_only", label=label))
        else:
            lines.append(turn.t("rights.breach", label=label, rule=Safe(render(turn, rule, region))))
    lines += rendered(turn, r.found, region, "🔎 ")
    lines += rendered(turn, r.notes, region)
    if r.rights:
        lines += ["", turn.t("rights.your_rights"), *rendered(turn, r.rights, region, "• ")]
    if r.unlicensed_notes:
        lines += ["", *rendered(turn, r.unlicensed_notes, region, "• ")]
    if r.routes:
        lines += ["", turn.t("rights.where")]
        lines += [f"{i}. {render(turn, ln, region)}" for i, ln in enumerate(r.routes, 1)]
    lines += ["", *rendered(turn, r.warnings, region)] if r.warnings else []
    lines += ["", legal_footer(lang, region.value)]
    debt, flag = r.debt.id, int(r.unlicensed)
    rows: Rows = []
    if r.any:
        rows.append([(turn.t("rights.btn.complaint"), cb.CT_COMPLAINT(debt, flag))])
    if r.can_check_licence:
        rows.append([(turn.t("rights.btn.no_licence"), cb.CT_RIGHTS(debt, 1))])
    return "\n".join(lines), rows


# --- the complaint draft ----------------------------------------------------------------------

_TAG = re.compile(r"</?[a-z][^>]*>")


def complaint_text(turn: Turn, draft: Any, region: Region) -> str:
    """The draft as plain text to copy (catalog lines, each breach with its rule named)."""

    def plain(code: str, raw: Mapping[str, Any]) -> str:
        text = turn.t(code, **params(turn, raw))
        return html.unescape(_TAG.sub("", text))

    return render_plain(draft_lines(draft), plain)


# --- the timeline and an entry -----------------------------------------------------------------


def timeline_line(turn: Turn, n: int, e: ContactEntry, found: tuple[Conduct, ...],
                  corrected: bool) -> str:
    when = local_datetime(local_time(e), turn.lang)
    text = (f"{n}. {when} · {CHANNEL_ICONS[e.channel]} "
            f"{turn.t(f'contact.direction.{e.direction.value}')} · "
            f"{turn.t(f'contact.party.{e.party.value}')}")
    if e.outcome.agreed or e.outcome.kind is OutcomeKind.REFUSED:
        text += " · " + turn.t(f"outcome.kind.{e.outcome.kind.value}")
    flags = list(dict.fromkeys([*sorted(e.flags, key=lambda c: list(Conduct).index(c)), *found]))
    if flags:
        sep = "、" if turn.lang == "zh_CN" else ", "
        text += "\n   ⚠️ " + sep.join(flag_label(turn, c) for c in flags)
    if corrected:
        text += f" <i>({turn.t('contact.corrected')})</i>"
    return text


def entry_lines(turn: Turn, e: ContactEntry, lender: str) -> list[str]:
    d = from_entry(e, "")
    lines = card_lines(turn, d, lender)
    if e.outcome.agreed:
        lines.append(turn.t(f"outcome.{Confirmation(e.outcome.confirmation).value}"))
    lines.append(turn.t("contacts.received", when=local_datetime(
        e.received_at.astimezone(zone(e.tz)), turn.lang)))
    lines.append(turn.t("contacts.hash", hash=e.hash))
    return lines


def offer(turn: Turn, o: Offer) -> tuple[str, Rows]:
    """Free text about a collector: what was read, and the button to log it."""
    h = o.hints
    lines = [turn.t("log.offer")]
    if h.when is not None and not h.when_guessed:
        lines.append(turn.t("log.offer.when", when=local_datetime(h.when, turn.lang)))
    people = [c for c in sorted(h.contacted, key=lambda c: list(Contact).index(c))
              if c is not Contact.SELF]
    if people:
        sep = "、" if turn.lang == "zh_CN" else ", "
        lines.append(turn.t("log.offer.who", who=sep.join(turn.t(f"contact.person.{c.value}")
                                                         for c in people)))
    if o.flags:
        sep = "、" if turn.lang == "zh_CN" else ", "
        lines.append(turn.t("log.offer.flags", flags=sep.join(
            flag_label(turn, c) for c in sorted(o.flags, key=lambda c: list(Conduct).index(c)))))
    lines.append(turn.t("log.offer.confirm"))
    return "\n".join(lines), [[(turn.t("log.btn.offer"), cb.LOG_FROM_TEXT(o.token))]]


# --- the /log questions ------------------------------------------------------------------------

_FOLLOW_DAYS = (1, 3, 7)


def _flag_rows(turn: Turn, q: Question) -> Rows:
    d = q.draft
    shown = [r.conduct for r in (q.offer.checks if q.offer else ())]
    shown += [c for c in sorted(d.flags, key=lambda c: list(Conduct).index(c)) if c not in shown]
    buttons = [(("✅ " if c in d.flags else "▫️ ") + flag_label(turn, c), cb.LOG_FLAG(c.value))
               for c in shown]
    return [*columns(buttons, 1), [(turn.t("log.btn.done"), cb.LOG_FLAGS_DONE())]]


def question(turn: Turn, q: Question) -> tuple[str, Rows]:
    """The text and buttons of the question ``q.name`` (a state of the log flow)."""
    d, name = q.draft, q.name
    if name == "debt":
        buttons = [(f"{x.lender[:24]} · {money(x.balance, turn.currency, turn.lang)}",
                    cb.LOG_PICK(x.id)) for x in q.debts]
        return turn.t("log.q.debt"), columns(buttons, 1)
    if name == "when":
        if q.earlier:
            return turn.t("log.q.when_type"), []
        return turn.t("log.q.when"), [[(turn.t("log.btn.now"), cb.LOG_WHEN("now")),
                                       (turn.t("log.btn.earlier"), cb.LOG_WHEN("earlier"))]]
    if name == "channel":
        direction = d.direction or Direction.INBOUND
        dirs = [(("✓ " if direction is x else "") + turn.t(f"contact.direction.{x.value}"),
                 cb.LOG_DIRECTION(x.value)) for x in Direction]
        # WeChat is offered where lenders use it (mainland China), or when already chosen.
        shown = [c for c in Channel if c is not Channel.WECHAT
                 or _region(turn) is Region.CN or d.channel is Channel.WECHAT]
        chans = [(f"{CHANNEL_ICONS[c]} {turn.t(f'contact.channel.{c.value}')}",
                  cb.LOG_CHANNEL(c.value)) for c in shown]
        return turn.t("log.q.channel"), [dirs, *columns(chans, 2)]
    if name == "calls":
        return turn.t("log.q.calls"), [[(turn.t("log.btn.answered"), cb.LOG_CALLS("answered")),
                                        (turn.t("log.btn.missed"), cb.LOG_CALLS("missed"))]]
    if name == "who":
        return turn.t("log.q.who"), [[(turn.t(f"contact.party.{p}"), cb.LOG_PARTY(p))]
                                     for p in ("agency", "lender", "unknown")]
    if name == "details":
        rows = [[(turn.t("btn.skip"), cb.LOG_SKIP("one")),
                 (turn.t("log.btn.skip_rest"), cb.LOG_SKIP("rest"))]]
        text = turn.t(f"log.q.detail.{d.detail}")
        current = getattr(d, d.detail or "", "") or ""
        if current:  # asked again (a correction): Skip keeps what is there
            text += "\n" + turn.t("log.q.detail_current", value=current)
        return text, rows
    if name == "note":
        text = turn.t("log.q.note")
        if d.note or d.attachments:
            text += "\n\n" + turn.t("log.q.note_has", note=clip(d.note) or "—",
                                     count=len(d.attachments))
        return text, [[(turn.t("log.btn.next"), cb.LOG_NOTE_DONE())]]
    if name == "outcome":
        kinds = list(OutcomeKind)
        if q.suggested is not None:
            kinds.remove(q.suggested)
            kinds.insert(0, q.suggested)
        buttons = [(("⭐ " if k is q.suggested else "") + turn.t(f"outcome.kind.{k.value}"),
                    cb.LOG_OUTCOME(k.value)) for k in kinds]
        return turn.t("log.q.outcome"), columns(buttons, 2)
    if name == "figure":
        kind = d.outcome.value if d.outcome else ""
        key = f"log.q.figure.{d.figure}"
        if d.figure in ("amount", "waived"):
            key += f".{kind}"
        skip: Rows = []
        if d.figure == "waived":
            label = "log.btn.all_fees" if d.outcome is OutcomeKind.FEES_WAIVED else "btn.skip"
            skip = [[(turn.t(label), cb.LOG_FIGURE_SKIP())]]
        elif d.figure == "from":
            skip = [[(turn.t("btn.today"), cb.LOG_FIGURE_SKIP())]]
        return turn.t(key), skip
    if name == "written":
        return turn.t("log.q.written"), [[(turn.t("log.btn.written"), cb.LOG_WRITTEN("written")),
                                          (turn.t("log.btn.oral"), cb.LOG_WRITTEN("oral"))]]
    if name == "next":
        buttons = [(turn.t(f"contact.next.{s.value}"), cb.LOG_NEXT(s.value)) for s in NextStep]
        return turn.t("log.q.next"), columns(buttons, 2)
    if name == "follow":
        days = [(turn.t(f"log.btn.follow.{n}"), cb.LOG_FOLLOW(n)) for n in _FOLLOW_DAYS]
        return turn.t("log.q.follow"), [days, [(turn.t("log.btn.no_date"), cb.LOG_FOLLOW("none"))]]
    if name == "conduct":
        lines = [turn.t("log.q.conduct")]
        if q.offer is not None:
            lines += rendered(turn, q.offer.notes, q.region)
        if d.proposed & d.flags:
            lines.append(turn.t("log.q.conduct_proposed"))
        return "\n".join(lines), _flag_rows(turn, q)
    if name == "third":
        asked = "reachable" if q.region is Region.CN and "reachable" not in d.asked else "revealed"
        key = "conduct.q.reachable" if asked == "reachable" else "conduct.q.debt_revealed"
        return turn.t(key), [[(turn.t("btn.yes"), cb.LOG_THIRD("yes")),
                              (turn.t("btn.no"), cb.LOG_THIRD("no")),
                              (turn.t("log.btn.not_sure"), cb.LOG_THIRD("unknown"))]]
    if name == "edit":
        buttons = [(turn.t(f"log.field.{f}"), cb.LOG_FIELD(f))
                   for f in ("when", "channel", "who", "note", "outcome", "next", "flags")]
        return turn.t("log.q.edit"), columns(buttons, 2)
    return card(turn, q)
