"""Rendering /plan from its story: the summary, this month's steps, the chart caption,
compare, what-ifs, cuts and "how is this calculated". Every figure is the story's
(bot/services/portfolio.py); nothing here computes one. The agenda is
handlers/agenda_render.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

from bot.i18n import Safe, fmt_date, fmt_month, money, percent, t
from bot.services.plan import AskWhatIf, Explanation
from bot.services.portfolio import ASSUMED_APR, PlanView
from coach.budget import Capacity, CutEffect
from coach.story import DebtActions, Step, Story
from coach.whatif import WhatIf

__all__ = [
    "MAX_ACTIONS", "MAX_CUTS", "actions", "ask_what_if", "caption", "comparison", "cut_lines",
    "explanation", "fmt_params", "summary", "what_if",
]  # fmt: skip

MAX_ACTIONS = 3
MAX_CUTS = 3
#: Story params that are months (``YYYY-MM``), and that are rates.
_MONTHS = frozenset({"date", "before"})
_RATES = frozenset({"apr"})


def _month(text: str, lang: str) -> str:
    year, month = text.split("-")
    return fmt_month(int(year), int(month), lang)


def fmt_params(params: Mapping[str, Any], lang: str, currency: str | None) -> dict[str, Any]:
    """A story's params as the catalog shows them: money, dates, months, rates."""
    out: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, Decimal):
            out[key] = percent(value, lang) if key in _RATES else money(value, currency, lang)
        elif isinstance(value, date):
            out[key] = fmt_date(value, lang)
        elif isinstance(value, str) and key in _MONTHS:
            out[key] = _month(value, lang)
        else:
            out[key] = value
    return out


def _step(step: Step, lang: str, currency: str | None) -> str:
    code = step.code
    if code == "plan.step.by_date_short" and step.amount <= 0:
        code = "plan.step.by_date_wait"  # nothing left for it: say so, not "pay 0.00"
    params: dict[str, Any] = {"amount": money(step.amount, currency, lang),
                              "required": money(step.required or Decimal(0), currency, lang)}
    when = fmt_date(step.on, lang) if step.on is not None else "—"
    params["since" if ".overdue" in code else "date"] = when
    return t(lang, code, **params)


def _debt_steps(a: DebtActions, lender: str, lang: str, currency: str | None) -> str:
    texts = [_step(s, lang, currency) for s in a.steps]
    steps = texts[0]
    for text in texts[1:]:
        steps = t(lang, "plan.step.then", first=Safe(steps), second=Safe(text))
    return t(lang, "plan.step.line", lender=lender, steps=Safe(steps))


def actions(view: PlanView, lang: str, currency: str | None) -> list[str]:
    """This month's steps, overdue first: "→ Visa: $300.00 overdue since Feb 10, 2027: pay
    it as soon as you can; then $150.00 by Apr 10, 2027"."""
    names = view.names
    lines = [_debt_steps(a, names.get(a.debt_id, ""), lang, currency) for a in view.story.actions]
    if len(lines) > MAX_ACTIONS:
        lines = [*lines[:MAX_ACTIONS], t(lang, "plan.more_actions", n=len(lines) - MAX_ACTIONS)]
    acts = view.story.actions
    current = [a for a in acts if not any(".overdue" in s.code for s in a.steps)]
    current_short = any(s.code == "plan.step.by_date_short" for a in current for s in a.steps)
    if view.strategy == "overdue_first" and current_short:
        # As its name says, the arrears take the money first: a current debt may fall behind.
        lines.append(t(lang, "plan.short_late_first"))
    elif any(s.code == "plan.step.overdue_wait" for a in acts for s in a.steps):
        # An arrear gets nothing while the debts not overdue are paid in full: say why;
        # when even those are not, say that instead.
        lines.append(t(lang, "plan.short_all" if current_short else "plan.short_keeps_current"))
    return lines


def headline(story: Story, lang: str, currency: str | None) -> str:
    return t(lang, story.headline, **fmt_params(story.headline_params, lang, currency))


def ending(story: Story, lang: str, currency: str | None) -> str | None:
    """How the plan ends, when the headline is about arrears or a gap (else it said so)."""
    if story.headline not in ("plan.story.overdue", "plan.story.overdue_short", "plan.story.short"):
        return None
    end = story.ending
    m = {"money": money(story.money, currency, lang)}
    if end.kind == "ends" and end.label is not None:
        key = "plan.story.end.ends" if story.feasible else "plan.story.end.ends_if_accepted"
        return t(lang, key, date=fmt_month(*end.label, lang), **m)
    if end.kind == "never_ends" and end.growth is not None:
        g = end.growth
        return t(lang, "plan.story.end.never_ends", **fmt_params(
            {"paid": g.paid, "interest": g.interest, "grows": g.grows}, lang, currency))
    return t(lang, "plan.story.end.too_long")


def capacity_line(capacity: Capacity | None, money_: Decimal, lang: str, currency: str | None) -> str:
    """Both budget figures: capacity, the optional spending kept, and what the plan uses."""
    m = {"money": money(money_, currency, lang)}
    if money_ < 0:
        return t(lang, "plan.capacity_deficit", deficit=money(-money_, currency, lang))
    if capacity is not None and capacity.optional_kept > 0:
        return t(lang, "plan.capacity_kept", capacity=money(capacity.capacity, currency, lang),
                 optional=money(capacity.optional_kept, currency, lang), **m)
    return t(lang, "plan.capacity", **m)


def summary(view: PlanView, lang: str, currency: str | None) -> str:
    """The summary: owed and overdue, both budget figures, the order, the story's
    headline and ending, this month's steps, assumed rates, and cuts when short."""
    story = view.story
    m = partial(money, currency=currency, lang=lang)
    overdue = story.overdue.amount
    lines = [t(lang, "plan.owed", owed=m(view.owed), overdue=m(overdue)) if overdue > 0
             else t(lang, "plan.owed_only", owed=m(view.owed))]
    lines.append(capacity_line(view.capacity, story.money, lang, currency))
    lines.append(t(lang, "plan.strategy", name=t(lang, f"strategy.{view.strategy}")))
    lines.append(headline(story, lang, currency))
    end = ending(story, lang, currency)
    if end:
        lines.append(end)
    lines += actions(view, lang, currency)
    if view.assumed:
        sep = "、" if lang == "zh_CN" else ", "
        lines.append(t(lang, "plan.assumed", names=sep.join(d.lender for d in view.assumed),
                       apr=percent(ASSUMED_APR, lang)))
    if view.capacity is not None and view.capacity.short:
        cuts = cut_lines(view.capacity.cuts, lang, currency)
        if cuts:
            lines += [t(lang, "plan.cuts_title"), *cuts]
    return "\n".join(lines)


def caption(view: PlanView, lang: str, currency: str | None) -> str:
    """The chart's caption: the same headline as the summary (and where to look next)."""
    text = headline(view.story, lang, currency)
    if view.story.agenda is not None and view.story.agenda.needed:
        return t(lang, "chart.caption_agenda", headline=Safe(text))
    return text


def cut_lines(cuts: tuple[CutEffect, ...] | list[CutEffect], lang: str, currency: str | None,
              limit: int = MAX_CUTS) -> list[str]:
    """The optional items to cut, largest effect first, with what each brings forward."""
    lines = []
    for cut in cuts:
        if cut.amount <= 0:
            continue
        label = t(lang, f"budget.optionals.{cut.category}")
        amount = money(cut.amount, currency, lang)
        with_ = cut.debt_free_label_with
        without = cut.debt_free_label_without
        if cut.rescues_plan and with_:
            lines.append(t(lang, "budget.cut_rescues", item=label, amount=amount,
                           date=fmt_month(*with_, lang)))
        elif with_ and without is None:
            lines.append(t(lang, "budget.cut_ends", item=label, amount=amount,
                           date=fmt_month(*with_, lang)))
        elif cut.months_saved and with_ and without:
            lines.append(t(lang, "budget.cut", item=label, amount=amount,
                           before=fmt_month(*without, lang), after=fmt_month(*with_, lang)))
        elif cut.gap_with < cut.gap_without:
            lines.append(t(lang, "budget.cut_gap", item=label, amount=amount,
                           gap=money(cut.gap_with, currency, lang)))
        if len(lines) >= limit:
            break
    return lines


def comparison(stories: dict[str, Story], lang: str, currency: str | None) -> str:
    lines = [t(lang, "plan.compare_title")]
    for name, story in stories.items():
        label = t(lang, f"strategy.{name}")
        end = story.ending
        if end.kind == "ends" and end.label is not None and end.month is not None:
            lines.append(t(lang, "plan.compare_line", name=label, months=end.month,
                           date=fmt_month(*end.label, lang),
                           interest=money(story.plan.total_interest, currency, lang)))
        elif end.kind == "never_ends":
            lines.append(t(lang, "plan.compare_never", name=label))
        else:
            lines.append(t(lang, "plan.compare_too_long", name=label))
    return "\n".join(lines)


def what_if(result: WhatIf, lang: str, currency: str | None) -> str:
    """What changes with the user's amount (coach.whatif's verdict), and what is still
    overdue after this month; nothing is saved."""
    shown = money(result.amount, currency, lang)
    key = "plan.whatif_monthly" if result.kind == "monthly" else "plan.whatif_lump"
    what = t(lang, key, amount=shown)
    lines = [t(lang, result.code, what=Safe(what), **fmt_params(result.params, lang, currency))]
    if result.story.arrears_left > 0:
        lines.append(t(lang, "plan.whatif.arrears_left",
                       arrears_left=money(result.story.arrears_left, currency, lang)))
    lines.append(t(lang, "plan.whatif.nothing_saved"))
    return "\n".join(lines)


def ask_what_if(view: AskWhatIf, lang: str, currency: str | None) -> str:
    key = "plan.whatif.ask_monthly" if view.kind == "m" else "plan.whatif.ask_once"
    text = t(lang, key)
    if view.kind == "m" and view.gap > 0:
        text += "\n" + t(lang, "plan.whatif.ask_gap", gap=money(view.gap, currency, lang))
    return text


def explanation(view: Explanation, lang: str, currency: str | None) -> str:
    """"How is this calculated": every line of coach.explain, in one screen."""
    names = view.view.names
    lines = [t(lang, "plan.explain.title")]
    for line in view.lines:
        params = dict(line.params)
        debt_id = params.pop("debt_id", None)
        if isinstance(debt_id, int | str):
            params["lender"] = names.get(debt_id, "")
        if "origin" in params:
            params["origin"] = t(lang, f"plan.explain.origin.{params['origin']}")
        lines.append(t(lang, line.code, **fmt_params(params, lang, currency)))
    return "\n".join(lines)
