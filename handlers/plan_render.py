"""Rendering plans: the 8-line summary, this month's actions, the agenda, comparisons."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import partial

from bot.i18n import fmt_date, fmt_month, legal_footer, money, percent, t, with_citation
from bot.services.portfolio import ASSUMED_APR, PlanView
from coach.agenda import Agenda
from coach.budget import CutEffect, month_label
from coach.fact_rules import agenda_code, rule_of
from coach.planner import Plan
from coach.records import Debt
from coach.regions import Region
from handlers.conversation import Turn

MAX_ACTIONS = 3


def ym(view: PlanView, month: int, lang: str) -> str:
    """Plan month ``month`` as a month in the locale's style (2026年11月 / Nov 2026)."""
    year, mon = month_label(view.start, month)
    return fmt_month(year, mon, lang)


def actions(turn: Turn, view: PlanView) -> list[str]:
    """This month's payments: "pay ¥1,200 to 花呗 by 12月10日"."""
    lang = turn.lang
    plan = view.plan
    if not plan.schedule:
        return []
    by_id: dict[int | str, Debt] = {d.id: d for d in view.debts}
    dated: list[tuple[date, str]] = []
    for dm in plan.schedule[0].debts:
        if dm.payment <= 0:
            continue
        debt = by_id[dm.debt_id]
        due = debt.next_due_on(view.today)
        amount = money(dm.payment, turn.currency, lang)
        if debt.overdue_amount > 0:  # overdue: now, and first
            text = t(lang, "plan.action_now", amount=amount, lender=debt.lender,
                     overdue=money(debt.overdue_amount, turn.currency, lang))
            dated.append((date.min, text))
            continue
        if due is not None:
            text = t(lang, "plan.action_by", amount=amount, lender=debt.lender, date=fmt_date(due, lang))
        else:
            text = t(lang, "plan.action", amount=amount, lender=debt.lender)
        dated.append((due or date.max, text))
    lines = [text for _, text in sorted(dated, key=lambda x: x[0])]
    if len(lines) > MAX_ACTIONS:
        lines = [*lines[:MAX_ACTIONS], t(lang, "plan.more_actions", n=len(lines) - MAX_ACTIONS)]
    return lines


def summary(turn: Turn, view: PlanView) -> str:
    lang = turn.lang
    m = partial(money, currency=turn.currency, lang=lang)
    owed = sum((d.balance for d in view.debts), Decimal(0))
    overdue = sum((d.overdue_amount for d in view.debts), Decimal(0))
    lines = [t(lang, "plan.owed", owed=m(owed), overdue=m(overdue)) if overdue > 0
             else t(lang, "plan.owed_only", owed=m(owed))]
    lines.append(t(lang, "plan.monthly", amount=m(view.available), capacity=m(view.capacity)))
    lines.append(t(lang, "plan.strategy", name=t(lang, f"strategy.{view.strategy}")))
    plan = view.plan
    if plan.feasible:
        lines.append(t(lang, "plan.free", date=ym(view, plan.months, lang), interest=m(plan.total_interest)))
        lines += actions(turn, view)
    elif plan.reason == "shortfall":
        # With essentials above income the planner got 0: the real gap includes that deficit.
        gap = (plan.shortfall or Decimal(0)) + max(-view.available, Decimal(0))
        lines.append(t(lang, "plan.short", gap=m(gap), month=ym(view, plan.shortfall_month or 1, lang)))
    else:
        lines.append(t(lang, "plan.too_long"))
    if view.assumed:
        names = "、".join(d.lender for d in view.assumed) if lang == "zh_CN" else ", ".join(
            d.lender for d in view.assumed)
        lines.append(t(lang, "plan.assumed", names=names, apr=percent(ASSUMED_APR, lang)))
    return "\n".join(lines)


def agenda_lines(turn: Turn, view: PlanView, agenda: Agenda) -> list[str]:
    """Which lenders to ask for what, each with the monthly payment to offer."""
    lang = turn.lang
    names = view.names
    m = partial(money, currency=turn.currency, lang=lang)
    region = turn.profile.jurisdiction if turn.profile else Region.OTHER  # the region's rules
    lines = [t(lang, "agenda.title")]
    for item in agenda.items:
        p = item.params
        lender = names.get(item.debt_id or 0, "")
        params = {
            "lender": lender, "offer": m(item.offer),
            "months": p.get("months", ""), "amount": m(Decimal(p.get("amount", 0))),
            "from_apr": percent(Decimal(p.get("from_apr", 0)), lang),
            "to_apr": percent(Decimal(p.get("to_apr", 0)), lang),
            "current": m(Decimal(p.get("current", 0))), "payment": m(Decimal(p.get("payment", 0))),
            "gap": m(Decimal(p.get("gap", 0))),
        }
        code = agenda_code(item.kind, item.citation, region)
        row = rule_of(code)
        lines.append(with_citation(lang, f"• {t(lang, code, **params)}", row.citation if row else None))
    lines.append(t(lang, "agenda.after_feasible" if agenda.feasible else "agenda.after_short"))
    lines.append(legal_footer(lang, region))
    return lines


def cut_lines(turn: Turn, view: PlanView, cuts: list[CutEffect]) -> list[str]:
    lang = turn.lang
    lines = []
    for cut in cuts:
        if cut.amount <= 0:
            continue
        label = t(lang, f"budget.optionals.{cut.category}")
        amount = money(cut.amount, turn.currency, lang)
        if cut.rescues_plan and cut.debt_free_label_with:
            y, mo = cut.debt_free_label_with
            lines.append(t(lang, "budget.cut_rescues", item=label, amount=amount, date=fmt_month(y, mo, lang)))
        elif cut.months_saved and cut.debt_free_label_without and cut.debt_free_label_with:
            (y0, m0), (y1, m1) = cut.debt_free_label_without, cut.debt_free_label_with
            lines.append(t(lang, "budget.cut", item=label, amount=amount,
                           before=fmt_month(y0, m0, lang), after=fmt_month(y1, m1, lang)))
    return lines


def comparison(turn: Turn, view: PlanView, plans: dict[str, Plan]) -> str:
    lang = turn.lang
    lines = [t(lang, "plan.compare_title")]
    for name, plan in plans.items():
        label = t(lang, f"strategy.{name}")
        if plan.feasible:
            lines.append(t(lang, "plan.compare_line", name=label, months=plan.months, date=ym(view, plan.months, lang),
                           interest=money(plan.total_interest, turn.currency, lang)))
        else:
            lines.append(t(lang, "plan.compare_short", name=label))
    return "\n".join(lines)


def what_if(turn: Turn, base: PlanView, new: PlanView, label: str) -> str:
    lang = turn.lang
    m = partial(money, currency=turn.currency, lang=lang)
    if new.plan.feasible and base.plan.feasible:
        saved = base.plan.total_interest - new.plan.total_interest
        if new.plan.months == base.plan.months:
            if saved <= 0:
                return t(lang, "plan.whatif_same", what=label, date=ym(new, new.plan.months, lang))
            return t(lang, "plan.whatif_interest", what=label, date=ym(new, new.plan.months, lang), saved=m(saved))
        return t(lang, "plan.whatif", what=label, date=ym(new, new.plan.months, lang),
                 before=ym(base, base.plan.months, lang), saved=m(saved))
    if new.plan.feasible:
        return t(lang, "plan.whatif_rescues", what=label, date=ym(new, new.plan.months, lang))
    return t(lang, "plan.whatif_short", what=label, gap=m(new.plan.shortfall or Decimal(0)))
