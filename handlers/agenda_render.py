"""Rendering the agenda (coach.agenda ``Negotiation``): whom to call first and why, and
for each lender what it asks now (arrears included) and each request with the lender's
payment under its terms against what the user can offer. Every ask is a request the
lender may refuse, and the texts say so; legal grounds carry their citation.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from bot.i18n import Safe, fmt_date, has, legal_footer, money, percent, t, with_citation
from coach.agenda import LenderAsks, Negotiation
from coach.asks import Ask, AskKind
from coach.fact_rules import agenda_code, rule_of
from coach.planner import DebtId
from coach.regions import Region
from handlers.plan_render import fmt_params

__all__ = ["agenda_lines", "lender_lines"]

#: Asks whose figures are not a payment to meet: the lender decides, nothing is paid, or
#: the figure is a saving (a waiver). A lender offered nothing is asked for a pause: its
#: other asks get no offer line either.
_NO_OFFER_LINE = frozenset({AskKind.SETTLEMENT, AskKind.HARDSHIP_PAUSE, AskKind.WAIVE_PENALTY})


#: How each ask names its rate: the contract's, the card's, or just the figure. An
#: assumed rate (the user never gave one) is always called an estimate.
_RATE_NAME = {AskKind.INSTALMENTS: "contract", AskKind.WAIVE_PENALTY: "contract",
              AskKind.PERSONALISED: "card"}


def _rate(ask: Ask, lang: str) -> str:
    if ask.apr is None:
        return ""
    name = "assumed" if ask.apr_assumed else _RATE_NAME.get(ask.kind, "plain")
    return t(lang, f"ask_rate.{name}", apr=percent(ask.apr, lang))


def _ask(ask: Ask, lender: str, lang: str, currency: str | None) -> list[str]:
    m = partial(money, currency=currency, lang=lang)
    # A schedule's balance holds its interest: the ask spreads it with none on top.
    code = f"ask_schedule.{ask.kind.value}" if ask.schedule else ask.code
    code = code if has(lang, code) else ask.code
    text = t(lang, code, lender=lender, months=ask.months or "", rate=Safe(_rate(ask, lang)),
             payment=m(ask.lender_payment) if ask.lender_payment is not None else "",
             offer=m(ask.offer), deferred=m(ask.deferred), saves=m(ask.saves), now=m(ask.now))
    lines = [f"• {text}"]
    if ask.kind not in _NO_OFFER_LINE and ask.meets is not None and ask.offer > 0:
        if ask.meets:
            lines.append("  " + t(lang, "agenda.offer.meets", offer=m(ask.offer)))
        else:
            lines.append("  " + t(lang, "agenda.offer.short", offer=m(ask.offer),
                                  short_by=m(ask.short_by)))
    if ask.basis is not None:
        row = rule_of(ask.basis)
        lines.append("  " + with_citation(lang, t(lang, ask.basis), row.citation if row else None))
    return lines


def lender_lines(lender: LenderAsks, name: str, lang: str, currency: str | None,
                 region: Region | None = None) -> list[str]:
    """One lender: what it asks now (and how much of it is overdue since when), then each
    request, the primary one first; in mainland China, a loan with interest taken off
    first is said to count as the money that arrived (Civil Code art. 670), cited."""
    m = partial(money, currency=currency, lang=lang)
    if lender.arrears > 0:
        # The overdue part apart from this cycle's, which is not due yet.
        more = lender.now > lender.arrears
        if lender.arrears_since is not None:
            key = "agenda.lender.overdue" if more else "agenda.lender.overdue_only"
        else:
            key = "agenda.lender.overdue_undated_more" if more else "agenda.lender.overdue_undated"
        since = fmt_date(lender.arrears_since, lang) if lender.arrears_since else ""
        head = t(lang, key, lender=name, now=m(lender.now), arrears=m(lender.arrears), since=since)
    elif lender.now <= 0:  # asked because its interest outgrows the plan, not for a payment
        head = t(lang, "plan.lender_nothing_due", lender=name)
    else:
        head = t(lang, "agenda.lender.now", lender=name, now=m(lender.now))
    lines = [head]
    for ask in lender.asks:
        lines += _ask(ask, name, lang, currency)
    if lender.received is not None and region is Region.CN:
        code = "fact.cn.upfront.not_lent"
        row = rule_of(code)
        lines.append("  " + with_citation(lang, t(lang, code, received=m(lender.received)),
                                          row.citation if row else None))
    return lines


def agenda_lines(agenda: Negotiation, names: Mapping[DebtId, str], lang: str,
                 currency: str | None, region: Region) -> list[str]:
    """The whole agenda: title, whom to call first and why, each lender's requests, what
    is still missing if all are agreed (with where to find free help), that each is a
    request the lender may refuse, and the region's legal line."""
    lines = [t(lang, "agenda.title")]
    if agenda.call_first is not None and agenda.why is not None:
        why = t(lang, agenda.why, **fmt_params(agenda.why_params, lang, currency))
        lines.append(t(lang, "agenda.call_first", lender=names.get(agenda.call_first, ""),
                       why=Safe(why)))
    for lender in agenda.lenders:
        lines.append("")
        lines += lender_lines(lender, names.get(lender.debt_id, ""), lang, currency, region)
    lines.append("")
    if agenda.short_by > 0:
        code = agenda_code("seek_help", None, region)
        row = rule_of(code)
        lines.append(with_citation(lang, t(lang, code, gap=money(agenda.short_by, currency, lang)),
                                   row.citation if row else None))
    elif agenda.seek_help:
        lines.append(t(lang, "agenda.help"))
    lines.append(t(lang, "agenda.may_refuse"))
    lines.append(legal_footer(lang, region))
    return lines
