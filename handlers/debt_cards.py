"""Rendering debts: the confirmation card, the debt card, the list. Texts from the catalog."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.i18n import Safe, effective_percent, fmt_month, money, percent, t
from bot.i18n import fmt_date as i18n_fmt_date
from bot.services.debts import draft_of, minimum_due, next_due
from coach.debts import DebtDraft, MinimumRule
from coach.rates import QuotedRate, RateKind
from storage.models import Debt


def fmt_date(d: date, lang: str) -> str:
    """2026年12月10日 / Dec 10, 2026 (bot.i18n.fmt_date)."""
    return i18n_fmt_date(d, lang)


def _taken(d: date, precision: str | None, lang: str) -> str:
    return fmt_month(d.year, d.month, lang) if precision == "month" else fmt_date(d, lang)


def describe_quote(lang: str, q: QuotedRate, currency: str | None) -> str:
    if q.kind is RateKind.INSTALMENTS:
        return t(lang, "quote.instalments", n=q.instalments, amount=money(q.payment or Decimal(0), currency, lang))
    if q.kind is RateKind.MONTHLY_FEE:
        return t(lang, "quote.monthly_fee", rate=percent(q.rate, lang), n=q.instalments)
    return t(lang, f"quote.{q.kind.value}", rate=percent(q.rate, lang))


def describe_minimum(lang: str, rule: MinimumRule | None, currency: str | None) -> str:
    if rule is None or rule.kind == "none":
        return t(lang, "minimum.none")
    if rule.kind == "fixed" and rule.amount is not None:
        return t(lang, "minimum.fixed", amount=money(rule.amount, currency, lang))
    pct = percent(rule.percent or Decimal(0), lang)
    if rule.floor:
        return t(lang, "minimum.percent_floor", percent=pct, floor=money(rule.floor, currency, lang))
    return t(lang, "minimum.percent", percent=pct)


def _due_line(lang: str, due_day: int | None, due_on: date | None, today: date) -> str | None:
    if due_day:
        from coach.parsing import next_due_date

        nxt = due_on if due_on and due_on >= today else next_due_date(due_day, today)
        return t(lang, "card.due_monthly", day=due_day, date=fmt_date(nxt, lang))
    if due_on:
        return t(lang, "card.due", date=fmt_date(due_on, lang))
    return None


def draft_card(lang: str, draft: DebtDraft, currency: str | None, today: date) -> str:
    """Every field as understood, with the normalised APR, before Save."""
    lines = [t(lang, "card.title")]
    type_name = t(lang, f"lender_type.{draft.type_value.value}")
    lines.append(t(lang, "card.lender", lender=draft.lender or "—", type=type_name))
    if draft.taken_on:
        taken = _taken(date.fromisoformat(draft.taken_on), draft.taken_precision, lang)
        lines.append(t(lang, "card.taken", taken=taken))
    lines.append(t(lang, "card.balance", amount=money(draft.balance_value or Decimal(0), currency, lang)))
    q = draft.quoted
    if q is None:
        lines.append(t(lang, "card.rate_unknown"))
    else:
        lines.append(t(lang, "card.quoted", quoted=describe_quote(lang, q, currency)))
        cost = draft.cost()
        if cost is None:
            lines.append(t(lang, "card.rate_unsolvable"))
        else:
            lines.append(t(lang, "card.apr", apr=percent(cost.apr, lang), ear=effective_percent(cost.effective_annual, lang)))
    if draft.minimum is not None:
        lines.append(t(lang, "card.minimum", minimum=describe_minimum(lang, draft.minimum_rule, currency)))
    due_on = date.fromisoformat(draft.due_on) if draft.due_on else None
    due = _due_line(lang, draft.due_day, due_on, today)
    if due:
        lines.append(due)
    if draft.overdue:
        since = fmt_date(date.fromisoformat(draft.overdue_since), lang) if draft.overdue_since else "—"
        amount = money(Decimal(draft.overdue_amount or 0), currency, lang)
        lines.append(t(lang, "card.overdue", since=since, amount=amount))
        if draft.penalty is not None:
            from coach.debts import quoted_from_dict
            from coach.rates import quoted_to_apr

            lines.append(t(lang, "card.penalty", apr=percent(quoted_to_apr(quoted_from_dict(draft.penalty)), lang)))
    elif draft.overdue is False:
        lines.append(t(lang, "card.overdue_no"))
    if draft.bureau:
        lines.append(t(lang, "card.bureau", answer=t(lang, f"answer.{draft.bureau}")))
    if draft.purpose == "repay":
        lines.append(t(lang, "card.purpose_repay"))
    return "\n".join(lines)


def debt_line(lang: str, index: int, debt: Debt, currency: str | None, today: date) -> str:
    """One line of /debts: lender, balance, APR, next due date, overdue marker."""
    parts = [f"{index}. {'⚠️ ' if debt.overdue_amount > 0 else ''}<b>{Safe(_esc(debt.lender))}</b>",
             money(debt.balance, currency, lang)]
    parts.append(t(lang, "debts.apr", apr=percent(debt.apr, lang)) if debt.apr is not None
                 else t(lang, "debts.apr_unknown"))
    if debt.overdue_amount > 0 and debt.overdue_since:
        parts.append(t(lang, "debts.overdue_since", date=fmt_date(debt.overdue_since, lang)))
    else:
        nxt = next_due(debt, today)
        if nxt:
            parts.append(t(lang, "debts.due", date=fmt_date(nxt, lang)))
    return " · ".join(parts)


def _esc(text: str) -> str:
    import html

    return html.escape(text, quote=False)


def debt_card(lang: str, debt: Debt, currency: str | None, today: date) -> list[str]:
    lines = [t(lang, "card.title_saved", lender=debt.lender)]
    lines.append(t(lang, "card.lender", lender=debt.lender, type=t(lang, f"lender_type.{debt.lender_type}")))
    if debt.taken_on:
        lines.append(t(lang, "card.taken", taken=_taken(debt.taken_on, debt.taken_precision, lang)))
    lines.append(t(lang, "card.balance", amount=money(debt.balance, currency, lang)))
    if debt.rate_text:
        lines.append(t(lang, "card.quoted", quoted=debt.rate_text))
    cost = draft_of(debt).cost() if debt.rate_kind else None
    if cost is not None:
        lines.append(t(lang, "card.apr", apr=percent(cost.apr, lang),
                       ear=effective_percent(cost.effective_annual, lang)))
    else:
        lines.append(t(lang, "card.rate_unknown"))
    due_amount = minimum_due(debt)
    if due_amount is not None:
        lines.append(t(lang, "card.minimum", minimum=money(due_amount, currency, lang)))
    due = _due_line(lang, debt.due_day, debt.next_due, today)
    if due:
        lines.append(due)
    if debt.overdue_amount > 0:
        since = fmt_date(debt.overdue_since, lang) if debt.overdue_since else "—"
        lines.append(t(lang, "card.overdue", since=since, amount=money(debt.overdue_amount, currency, lang)))
        if debt.penalty_apr is not None:
            lines.append(t(lang, "card.penalty", apr=percent(debt.penalty_apr, lang)))
    lines.append(t(lang, "card.bureau", answer=t(lang, f"answer.{debt.reports_to_bureau}")))
    if debt.auto_debit and debt.auto_debit_account:
        lines.append(t(lang, "card.auto_debit", account=debt.auto_debit_account))
    if debt.purpose == "repay":
        lines.append(t(lang, "card.purpose_repay"))
    return lines
