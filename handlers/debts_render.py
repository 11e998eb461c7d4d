"""Rendering debts: the questions of /adddebt, the confirmation card, the debt card, the
list, what being overdue means, and a saved rate's verdict. Texts from the catalog.
"""

from __future__ import annotations

import html
from datetime import date, time
from decimal import Decimal
from typing import Any

from bot.i18n import (
    Safe,
    effective_percent,
    fmt_date,
    fmt_month,
    legal_footer,
    money,
    percent,
    t,
    with_citation,
)
from bot.services.adddebt import DraftCard
from bot.services.pages import Page
from coach.billing import BillingState
from coach.debts import DebtDraft, quoted_from_dict, stored_due
from coach.fact_rules import FACT_RULES
from coach.lenders import LenderType
from coach.lpr import is_stale
from coach.offers import FLAG_CITATIONS, RateVerdict, VerdictFlag
from coach.overdue import Fact
from coach.parsing.minimum import MinimumRule
from coach.profile import Region
from coach.rates import QuotedRate, RateKind, quoted_to_apr
from coach.records import Debt, Payment
from handlers import callback_data as cb
from handlers.conversation import Button, columns
from handlers.offer_card import verdict_line, verdict_params

#: The platform buttons of the lender question (mainland China), then "credit card".
LENDER_PICKS = ("花呗", "借呗", "微粒贷", "京东白条")
# Flags worth a line of their own after a rate warning.
_SHOWN_FLAGS = (
    VerdictFlag.UNLICENSED_VOID,
    VerdictFlag.CONTRACT_DATE_ASSUMED,
    VerdictFlag.MONTH_TWO_CAPS,
    VerdictFlag.LPR_UNVERIFIED,
    VerdictFlag.LENDER_UNKNOWN,
    VerdictFlag.COURT_MAY_REDUCE,
)
_LABELS = {"skip": "skip", "unknown": "dont_know", "this_month": "this_month", "yes": "yes",
           "no": "no", "none": "no_minimum", "all": "all_of_it", "repay": "purpose_repay",
           "other": "purpose_other", "paid": "yes", "missed": "passed_missed"}
#: The up-front fee's two facts, mainland China (coach/fact_rules.py rows).
UPFRONT_FACTS = ("fact.cn.upfront.all_fees_count", "fact.cn.upfront.not_lent")


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def choice_label(lang: str, choice: str) -> str:
    """The button label of a tapped answer, to note it under the question."""
    return t(lang, f"btn.{_LABELS.get(choice, 'skip')}")


def passed_buttons(lang: str) -> list[Button]:
    """"Was the Nov 15 payment made?": Yes / ⚠️ No."""
    return [(t(lang, "btn.yes"), cb.AD_ANSWER("overdue", "paid")),
            (t(lang, "btn.passed_missed"), cb.AD_ANSWER("overdue", "missed"))]


def question(lang: str, step: str, region: Region | None, draft: DebtDraft | None = None,
             currency: str | None = None) -> tuple[str, list[list[Button]]]:
    """The text and buttons of one question of /adddebt (``draft`` gives its figures)."""
    ans = cb.AD_ANSWER
    skip = [(t(lang, "btn.skip"), ans(step, "skip"))]
    if step == "overdue" and draft is not None and draft.due_passed:
        passed = fmt_date(date.fromisoformat(draft.due_passed), lang)
        return t(lang, "adddebt.q.passed", date=passed), [passed_buttons(lang)]
    if step == "received" and draft is not None:
        amount = money(draft.principal_value or draft.balance_value or Decimal(0), currency, lang)
        return t(lang, "adddebt.q.received", amount=amount), [
            [(t(lang, "btn.received_all"), ans(step, "all"))]]
    if step == "lender":
        # Chinese platforms for users in (or writing from) mainland China; a card for all.
        cn = region is Region.CN or (region is None and lang == "zh_CN")
        picks = [(name, cb.AD_PICK(i)) for i, name in enumerate(LENDER_PICKS)] if cn else []
        picks.append((t(lang, "btn.credit_card"), cb.AD_PICK(len(LENDER_PICKS))))
        return t(lang, "adddebt.q.lender"), columns(picks, 3)
    if step == "type":
        types = [(t(lang, f"lender_type.{lt.value}"), ans(step, lt.value)) for lt in LenderType.choices()]
        return t(lang, "adddebt.q.type"), columns(types, 2)
    if step == "taken":
        return t(lang, "adddebt.q.taken"), [[(t(lang, "btn.this_month"), ans(step, "this_month")),
                                              (t(lang, "btn.dont_know"), ans(step, "unknown"))]]
    if step in ("balance", "overdue_since"):
        return t(lang, f"adddebt.q.{step}"), []
    if step == "rate":
        return t(lang, "adddebt.q.rate"), [[(t(lang, "btn.dont_know"), ans(step, "unknown"))]]
    if step == "minimum":
        return t(lang, "adddebt.q.minimum"), [[(t(lang, "btn.no_minimum"), ans(step, "none")), *skip]]
    if step == "overdue":
        return t(lang, "adddebt.q.overdue"), [[(t(lang, "btn.yes"), ans(step, "yes")),
                                                (t(lang, "btn.no"), ans(step, "no"))]]
    if step == "overdue_amount":
        return t(lang, "adddebt.q.overdue_amount"), [[(t(lang, "btn.all_of_it"), ans(step, "all"))]]
    if step == "bureau":
        return t(lang, "adddebt.q.bureau"), [[(t(lang, "btn.yes"), ans(step, "yes")),
                                               (t(lang, "btn.no"), ans(step, "no")),
                                               (t(lang, "btn.dont_know"), ans(step, "unknown"))]]
    if step == "purpose":
        return t(lang, "adddebt.q.purpose"), [[(t(lang, "btn.purpose_repay"), ans(step, "repay"))],
                                               [(t(lang, "btn.purpose_other"), ans(step, "other"))]]
    return t(lang, f"adddebt.q.{step}"), [skip]  # due, penalty


def describe_quote(lang: str, q: QuotedRate, currency: str | None) -> str:
    if q.kind is RateKind.INSTALMENTS:
        return t(lang, "quote.instalments", n=q.instalments,
                 amount=money(q.payment or Decimal(0), currency, lang))
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


def _taken(d: date, precision: str | None, lang: str) -> str:
    return fmt_month(d.year, d.month, lang) if precision == "month" else fmt_date(d, lang)


#: Above this APR (5,000%) a card says a number is probably off: the worst real offers
#: (日息3%, 1,095%; payday loans at a few hundred percent) stay well below it.
IMPLAUSIBLE_APR = Decimal(50)


def _due_line(lang: str, due_day: int | None, next_due: date | None) -> str | None:
    """The due line: a monthly day and its next date, or a one-off date."""
    if next_due is None:
        return None
    if due_day:
        return t(lang, "card.due_monthly", day=due_day, date=fmt_date(next_due, lang))
    return t(lang, "card.due", date=fmt_date(next_due, lang))


def _upfront_lines(lang: str, principal: Decimal | None, received: Decimal | None,
                   balance: Decimal, quote: QuotedRate | None, currency: str | None,
                   ) -> list[str]:
    """An up-front fee's figures: borrowed and received, and the schedule still to pay."""
    if principal is None or received is None:
        return []
    lines = [t(lang, "card.upfront", principal=money(principal, currency, lang),
               received=money(received, currency, lang))]
    if quote is not None and quote.kind is RateKind.INSTALMENTS and quote.payment:
        lines.append(t(lang, "card.left_to_pay", amount=money(balance, currency, lang),
                       n=quote.instalments, payment=money(quote.payment, currency, lang)))
    return lines


def _upfront_why(lang: str, received: Decimal | None, currency: str | None,
                 region: Region | None) -> list[str]:
    """Why the APR is on what arrived: in mainland China, all fees count (PBOC 2021
    No. 3) and interest taken off first is not lent (Civil Code art. 670), each with its
    rule and the legal line; elsewhere the plain reason."""
    if received is None:
        return []
    amount = money(received, currency, lang)
    if region is not Region.CN:
        return [t(lang, "card.upfront_apr", received=amount)]
    lines = [with_citation(lang, f"• {t(lang, code, received=amount)}", FACT_RULES[code].citation)
             for code in UPFRONT_FACTS]
    return [*lines, legal_footer(lang, Region.CN)]


def draft_card(lang: str, view: DraftCard, currency: str | None,
               region: Region | None = None) -> str:
    """Every field as understood, with the normalised APR, before Save."""
    draft = view.draft
    lines = [t(lang, "card.title_corrected" if view.corrected else "card.title")]
    type_name = t(lang, f"lender_type.{draft.type_value.value}")
    lines.append(t(lang, "card.lender", lender=draft.lender or "—", type=type_name))
    if draft.taken_on:
        taken = _taken(date.fromisoformat(draft.taken_on), draft.taken_precision, lang)
        lines.append(t(lang, "card.taken", taken=taken))
    upfront = _upfront_lines(lang, draft.principal_value, draft.received_value,
                             draft.balance_value or Decimal(0), draft.quoted, currency)
    if len(upfront) < 2:  # the schedule left to pay is the balance: said once
        lines.append(t(lang, "card.balance",
                       amount=money(draft.balance_value or Decimal(0), currency, lang)))
    lines += upfront
    q = draft.quoted
    if q is None:
        lines.append(t(lang, "card.rate_unknown"))
    else:
        lines.append(t(lang, "card.quoted", quoted=describe_quote(lang, q, currency)))
        cost = draft.cost()
        if cost is None and draft.schedule_is_balance and q.payment and q.instalments:
            lines.append(t(lang, "card.schedule_is_balance", count=q.instalments,
                           payment=money(q.payment, currency, lang),
                           total=money(q.payment * q.instalments, currency, lang)))
        elif cost is None:
            lines.append(t(lang, "card.rate_unsolvable"))
        else:
            lines.append(t(lang, "card.apr", apr=percent(cost.apr, lang),
                           ear=effective_percent(cost.effective_annual, lang)))
            if cost.apr > IMPLAUSIBLE_APR:  # ¥4 owed on 12 x 1,060: a number is off
                lines.append(t(lang, "card.check_numbers"))
            lines += _upfront_why(lang, draft.received_value, currency, region)
    if draft.minimum is not None:
        lines.append(t(lang, "card.minimum", minimum=describe_minimum(lang, draft.minimum_rule, currency)))
        interest = view.monthly_interest  # said before Save as on the saved card
        rule, balance = draft.minimum_rule, draft.balance_value
        if interest is not None and rule is not None and balance is not None:
            pays = rule.due(balance) or Decimal(0)
            lines.append(t(lang, "card.minimum_below_interest", minimum=money(pays, currency, lang),
                           interest=money(interest, currency, lang)))
    due = _due_line(lang, stored_due(draft)[0], view.next_due)
    if due:
        lines.append(due)
    if draft.overdue:
        amount = money(Decimal(draft.overdue_amount or 0), currency, lang)
        since = fmt_date(date.fromisoformat(draft.overdue_since), lang) if draft.overdue_since else "—"
        lines.append(t(lang, "card.overdue", since=since, amount=amount))
        if draft.penalty is not None:
            apr = quoted_to_apr(quoted_from_dict(draft.penalty))
            lines.append(t(lang, "card.penalty", apr=percent(apr, lang)))
    elif draft.overdue is False:
        lines.append(t(lang, "card.overdue_no"))
    elif draft.due_passed:
        passed = fmt_date(date.fromisoformat(draft.due_passed), lang)
        lines.append(t(lang, "card.passed_question", date=passed))
    if draft.bureau:
        lines.append(t(lang, "card.bureau", answer=t(lang, f"answer.{draft.bureau}")))
    if draft.purpose == "repay":
        lines.append(t(lang, "card.purpose_repay"))
    if draft.unparsed:
        joiner = "、" if lang == "zh_CN" else ", "
        lines += ["", t(lang, "card.unparsed", words=joiner.join(draft.unparsed))]
    for twin in view.twins:
        lines += ["", t(lang, "card.twin", lender=twin.lender,
                        balance=money(twin.balance, currency, lang))]
    return "\n".join(lines)


def debt_line(lang: str, index: int, debt: Debt, state: BillingState, currency: str | None,
              today: date) -> str:
    """One line of /debts: lender, balance, APR, then what is overdue since when (stated
    or detected alike, a detected one marked) or the next due date."""
    arrears = state.arrears
    overdue = arrears.unpaid > 0
    parts = [f"{index}. {'⚠️ ' if overdue else ''}<b>{Safe(esc(debt.lender))}</b>",
             money(debt.balance, currency, lang)]
    parts.append(t(lang, "debts.apr", apr=percent(debt.apr, lang)) if debt.apr is not None
                 else t(lang, "debts.apr_unknown"))
    if overdue and arrears.since is not None:
        # Marked when the bot found all of it; a statement of the user's comes first else.
        detected = all(i.origin == "detected" for i in arrears.items)
        key = "debts.overdue_detected" if detected else "debts.overdue_since"
        parts.append(t(lang, key, date=fmt_date(arrears.since, lang),
                       amount=money(arrears.total, currency, lang)))
    elif state.next_due is not None:
        parts.append(t(lang, "debts.due", date=fmt_date(state.next_due, lang)))
    return " · ".join(parts)


def debt_card(lang: str, debt: Debt, state: BillingState, currency: str | None, today: date,
              monthly_interest: Decimal | None = None, region: Region | None = None,
              ) -> list[str]:
    """A debt's card; what is overdue is the billing state's (item by item below it)."""
    lines = [t(lang, "card.title_saved", lender=debt.lender)]
    lines.append(t(lang, "card.lender", lender=debt.lender,
                   type=t(lang, f"lender_type.{debt.lender_type.value}")))
    if debt.taken_on:
        lines.append(t(lang, "card.taken", taken=_taken(debt.taken_on, debt.taken_precision, lang)))
    upfront = _upfront_lines(lang, debt.principal, debt.received, debt.balance, debt.quote,
                             currency)
    if len(upfront) < 2:  # the schedule left to pay is the balance: said once
        lines.append(t(lang, "card.balance", amount=money(debt.balance, currency, lang)))
    lines += upfront
    if debt.rate_text:
        lines.append(t(lang, "card.quoted", quoted=debt.rate_text))
    cost = debt.cost()
    if cost is not None:
        lines.append(t(lang, "card.apr", apr=percent(cost.apr, lang),
                       ear=effective_percent(cost.effective_annual, lang)))
        lines += _upfront_why(lang, debt.received, currency, region)
    else:
        lines.append(t(lang, "card.rate_unknown"))
    due_amount = debt.minimum_due()
    if due_amount is not None:
        lines.append(t(lang, "card.minimum", minimum=money(due_amount, currency, lang)))
        if monthly_interest is not None:
            lines.append(t(lang, "card.minimum_below_interest",
                           minimum=money(due_amount, currency, lang),
                           interest=money(monthly_interest, currency, lang)))
    # All of it overdue: nothing more falls due, so no "next" date (the overdue line says it).
    all_overdue = 0 < state.balance <= state.arrears.unpaid
    due = None if all_overdue else _due_line(lang, debt.due_day,
                                             state.next_due or debt.next_due_on(today))
    if due:
        lines.append(due)
    cycle = state.cycle
    if cycle is not None and cycle.required > 0 and cycle.remaining == 0:
        lines.append(t(lang, "card.cycle_paid", date=fmt_date(cycle.due, lang)))
    arrears = state.arrears
    if arrears.unpaid > 0:
        since = fmt_date(arrears.since, lang) if arrears.since else "—"
        lines.append(t(lang, "card.overdue", since=since, amount=money(arrears.total, currency, lang)))
        if debt.penalty_apr is not None:
            lines.append(t(lang, "card.penalty", apr=percent(debt.penalty_apr, lang)))
    lines.append(t(lang, "card.bureau", answer=t(lang, f"answer.{debt.bureau}")))
    if debt.auto_debit and debt.auto_debit_account:
        lines.append(t(lang, "card.auto_debit", account=debt.auto_debit_account))
    if debt.purpose == "repay":
        lines.append(t(lang, "card.purpose_repay"))
    return lines


def arrears_lines(lang: str, state: BillingState, currency: str | None) -> list[str]:
    """Each unpaid item: its due date, what is unpaid, and who said so (you, or no
    payment recorded), oldest first."""
    return [t(lang, "card.arrears_item", due=fmt_date(i.due, lang),
              amount=money(i.remaining, currency, lang),
              origin=t(lang, f"plan.explain.origin.{i.origin}"))
            for i in state.arrears.items]


def payment_lines(lang: str, payments: Page[Payment], currency: str | None) -> list[str]:
    """A page of a debt's payment history (the title says which page of how many)."""
    if not payments.total:
        return []
    title = (t(lang, "debts.payments_title") if payments.pages == 1 else
             t(lang, "debts.payments_title_page", page=payments.number + 1, pages=payments.pages))
    return ["", title, *(
        t(lang, "debts.payment_line", date=fmt_date(p.paid_on, lang), amount=money(p.amount, currency, lang))
        for p in payments.items
    )]


def _fmt(value: Any, lang: str, currency: str | None) -> Any:
    if isinstance(value, Decimal):
        return money(value, currency, lang) if value >= 1 else str(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return fmt_date(value, lang)
    return value


def fact_lines(lang: str, facts: tuple[Fact, ...], currency: str | None, region: Region) -> list[str]:
    """Each fact with the rule it rests on, and the region's legal line last."""
    lines = []
    for fact in facts:
        params = {k: _fmt(v, lang, currency) for k, v in fact.params.items()}
        lines.append(with_citation(lang, f"• {t(lang, fact.code, **params)}", fact.citation))
    lines.append(legal_footer(lang, region))
    return lines


def render_verdict(lang: str, verdict: RateVerdict, today: date) -> list[str]:
    """The verdict line, who lends behind a platform, the flags that matter, and the
    legal line (verdicts are mainland-China rules)."""
    lines = [verdict_line(lang, verdict)]
    if verdict.lender:
        lines.append(t(lang, "card.lender_behind", lender=verdict.lender))
    params = verdict_params(lang, verdict)
    for flag in _SHOWN_FLAGS:
        if flag in verdict.flags:
            lines.append(with_citation(lang, t(lang, f"flag.{flag.value}", **params),
                                       FLAG_CITATIONS[flag]))  # fmt: skip
    if VerdictFlag.LPR_STALE in verdict.flags or (
        verdict.basis.value in ("lpr_cap", "unlicensed", "pre_2020") and is_stale(today)
    ):
        lines.append(t(lang, "adddebt.lpr_stale", date=params["date"]))
    lines.append(legal_footer(lang, Region.CN))
    return lines
