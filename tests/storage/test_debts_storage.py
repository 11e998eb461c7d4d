"""Debts and payments, on SQLite and on PostgreSQL: exact money, scoped by user, saved once."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from bot.services import UnitOfWork
from bot.services.debts import DebtService, draft_of
from coach.debts import DebtDraft, MinimumRule, minimum_to_dict, quoted_to_dict
from coach.rates import QuotedRate, RateKind
from storage.db import make_engine, make_session_factory
from storage.debts import DebtRepository, PaymentRepository
from storage.models import Debt, Payment, User
from storage.repositories import erase_user

NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
ME, OTHER = 42, 43
PAID_ON = date(2026, 11, 28)


@pytest.fixture
async def factory(db_url):
    engine = make_engine(db_url)
    factory = make_session_factory(engine)
    async with factory() as s:
        for uid in (ME, OTHER):
            s.add(User(id=uid, language="zh_CN", created_at=NOW, updated_at=NOW))
        await s.commit()
    yield factory
    await engine.dispose()


@pytest.fixture
def service(factory, clock) -> DebtService:
    return DebtService(UnitOfWork(factory, clock), "Asia/Shanghai")


_update_ids = itertools.count(1000)


def uid() -> int:
    """A fresh Telegram update id: a reused one would be (rightly) treated as a replay."""
    return next(_update_ids)


def draft(token: str, lender: str = "花呗", balance: str = "5000", **fields) -> DebtDraft:
    return DebtDraft(token=token, lender=lender, lender_type="online_platform", balance=balance,
                     answered=("lender", "type", "balance"), **fields)


async def save(service: DebtService, d: DebtDraft, user: int = ME) -> Debt:
    saved = await service.save(user, d, uid())
    assert saved is not None and saved.created
    return saved.debt


async def count(factory, model) -> int:
    async with factory() as s:
        return (await s.execute(select(func.count()).select_from(model))).scalar_one()


# --- money ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("balance", "shown"),
    [
        ("5000.50", "5000.50"),
        ("123456789.99", "123456789.99"),
        ("0.01", "0.01"),
        ("1000000000000", "1000000000000.00"),  # stored money always comes back with cents
    ],
)
async def test_a_balance_round_trips_exactly(service, balance, shown):
    debt = await save(service, draft("t1", balance=balance))
    stored = await service.get(ME, debt.id)
    assert stored is not None
    assert stored.balance == Decimal(balance)
    assert isinstance(stored.balance, Decimal)
    assert str(stored.balance) == shown


async def test_every_field_of_a_full_draft_is_stored(service):
    d = DebtDraft(
        token="full",
        lender="招商银行信用卡",
        lender_type="credit_card",
        taken_on="2026-11-20",
        taken_precision="day",
        balance="12000.50",
        rate=quoted_to_dict(QuotedRate(RateKind.ANNUAL, Decimal("0.18"))),
        rate_text="年化18%",
        minimum=minimum_to_dict(MinimumRule("percent", percent=Decimal("0.1"), floor=Decimal(50))),
        due_on="2026-12-10",
        due_day=10,
        overdue=True,
        overdue_since="2026-11-10",
        overdue_amount="800.25",
        penalty=quoted_to_dict(QuotedRate(RateKind.DAILY, Decimal("0.0005"))),
        bureau="yes",
        purpose="repay",
    )
    debt = await save(service, d)
    stored = await service.get(ME, debt.id)
    assert stored is not None
    assert (stored.lender, stored.lender_type, stored.status) == ("招商银行信用卡", "credit_card", "active")
    assert (stored.taken_on, stored.taken_precision) == (date(2026, 11, 20), "day")
    assert stored.balance == Decimal("12000.50")
    assert (stored.rate_kind, stored.rate_value, stored.apr) == ("annual", Decimal("0.18"), Decimal("0.18"))
    assert stored.rate_text == "年化18%"
    assert (stored.min_kind, stored.min_percent, stored.min_floor) == (
        "percent", Decimal("0.1"), Decimal(50)
    )
    assert (stored.due_day, stored.next_due) == (10, date(2026, 12, 10))
    assert (stored.overdue_since, stored.overdue_amount) == (date(2026, 11, 10), Decimal("800.25"))
    assert stored.penalty_apr == Decimal("0.1825")
    assert (stored.reports_to_bureau, stored.purpose) == ("yes", "repay")
    assert stored.created_at == NOW and stored.user_id == ME
    # And back into a draft for editing, unchanged where it matters.
    again = draft_of(stored)
    assert (again.edit_id, again.balance, again.overdue_amount) == (debt.id, "12000.50", "800.25")
    assert again.cost() is not None and again.cost().apr == Decimal("0.18")


async def test_an_instalment_plan_stores_its_apr_and_its_payment_as_the_minimum(service):
    rate = quoted_to_dict(QuotedRate(RateKind.INSTALMENTS, instalments=12, payment=Decimal(1060)))
    debt = await save(service, draft("inst", balance="12000", rate=rate, rate_text="12x1060"))
    stored = await service.get(ME, debt.id)
    assert stored.rate_kind == "instalments" and stored.rate_periods == 12
    assert stored.rate_amount == Decimal(1060)
    assert stored.apr.quantize(Decimal("0.0001")) == Decimal("0.1090")
    assert (stored.min_kind, stored.min_amount) == ("fixed", Decimal(1060))


async def test_a_draft_not_overdue_stores_no_overdue_amount(service):
    d = draft("n", overdue=False, overdue_amount="300", overdue_since="2026-11-01")
    stored = await service.get(ME, (await save(service, d)).id)
    assert stored.overdue_amount == Decimal(0) and stored.overdue_since is None


async def test_balances_after_payments_stay_exact(service):
    debt = await save(service, draft("p", balance="5000.50"))
    for i, amount in enumerate(["0.01", "1000.10", "33.33"]):
        paid = await service.pay(ME, debt.id, Decimal(amount), PAID_ON, f"pay-{i}", uid())
        assert paid is not None and paid.created
    stored = await service.get(ME, debt.id)
    assert stored.balance == Decimal("3967.06")
    assert str(stored.balance) == "3967.06"
    payments = await service.payments(ME, debt.id)
    assert sorted(p.amount for p in payments) == [Decimal("0.01"), Decimal("33.33"), Decimal("1000.10")]
    assert sum((p.amount for p in payments), Decimal(0)) + stored.balance == Decimal("5000.50")


async def test_a_large_balance_paid_in_cents_stays_exact(service):
    debt = await save(service, draft("big", balance="123456789.99"))
    await service.pay(ME, debt.id, Decimal("0.99"), PAID_ON, "c", uid())
    stored = await service.get(ME, debt.id)
    assert str(stored.balance) == "123456789.00"


# --- saving once --------------------------------------------------------------------------


async def test_the_same_draft_token_saves_once(service, factory):
    first = await service.save(ME, draft("once"), uid())
    second = await service.save(ME, draft("once", balance="9999"), uid())
    assert first is not None and first.created is True
    assert second is not None and second.created is False
    assert second.debt.id == first.debt.id and second.debt.balance == Decimal(5000)
    assert await count(factory, Debt) == 1
    assert len(await service.list(ME)) == 1


async def test_two_users_may_use_the_same_draft_token(service, factory):
    mine = await save(service, draft("same"), ME)
    theirs = await save(service, draft("same"), OTHER)
    assert mine.id != theirs.id
    assert await count(factory, Debt) == 2


async def test_saving_an_edit_updates_the_debt_in_place(service, factory, clock):
    debt = await save(service, draft("e"))
    stored = await service.get(ME, debt.id)
    edited = DebtDraft.from_dict({**draft_of(stored).to_dict(), "balance": "4200.10"})
    saved = await service.save(ME, edited, uid())
    assert saved is not None and saved.debt.id == debt.id
    assert (await service.get(ME, debt.id)).balance == Decimal("4200.10")
    assert await count(factory, Debt) == 1


async def test_an_edit_of_someone_elses_debt_saves_nothing(service):
    theirs = await save(service, draft("x"), OTHER)
    edit = DebtDraft(token="mine", lender="hijack", balance="1", mode="edit", edit_id=theirs.id)
    assert await service.save(ME, edit, uid()) is None
    assert (await service.get(OTHER, theirs.id)).lender == "花呗"
    assert await service.list(ME) == []


# --- scoped by user -------------------------------------------------------------------------


async def test_another_users_id_finds_nothing(service):
    theirs = await save(service, draft("x", lender="Visa"), OTHER)
    await service.pay(OTHER, theirs.id, Decimal(100), PAID_ON, "their-pay", uid())
    assert await service.get(ME, theirs.id) is None
    assert await service.list(ME) == []
    assert await service.find(ME, "Visa") == []
    assert await service.payments(ME, theirs.id) == []
    assert [d.id for d in await service.list(OTHER)] == [theirs.id]


async def test_the_repositories_scope_every_query_by_user(factory, service):
    theirs = await save(service, draft("tok", lender="Visa"), OTHER)
    await service.pay(OTHER, theirs.id, Decimal(100), PAID_ON, "ptok", uid())
    async with factory() as s:
        debts, payments = DebtRepository(s), PaymentRepository(s)
        assert await debts.get(ME, theirs.id) is None
        assert await debts.by_token(ME, "tok") is None
        assert await debts.list(ME, include_paid=True) == []
        assert await payments.by_token(ME, "ptok") is None
        assert await payments.for_debt(ME, theirs.id) == []
        assert (await debts.by_token(OTHER, "tok")).id == theirs.id
        assert [p.client_token for p in await payments.for_debt(OTHER, theirs.id)] == ["ptok"]


async def test_deleting_someone_elses_debt_returns_false_and_keeps_it(service):
    theirs = await save(service, draft("x"), OTHER)
    assert await service.delete(ME, theirs.id, uid()) is False
    assert await service.get(OTHER, theirs.id) is not None


async def test_deleting_my_debt_removes_it_and_its_payments(service, factory):
    debt = await save(service, draft("d"))
    await service.pay(ME, debt.id, Decimal(10), PAID_ON, "pd", uid())
    assert await service.delete(ME, debt.id, uid()) is True
    assert await service.get(ME, debt.id) is None
    assert await count(factory, Payment) == 0
    assert await service.delete(ME, debt.id, uid()) is False


async def test_paying_someone_elses_debt_returns_none_and_changes_nothing(service, factory):
    theirs = await save(service, draft("x", balance="800"), OTHER)
    assert await service.pay(ME, theirs.id, Decimal(100), PAID_ON, "sneaky", uid()) is None
    assert (await service.get(OTHER, theirs.id)).balance == Decimal(800)
    assert await count(factory, Payment) == 0


async def test_setting_auto_debit_on_someone_elses_debt_returns_none(service):
    theirs = await save(service, draft("x"), OTHER)
    assert await service.set_auto_debit(ME, theirs.id, "招行 1234", uid()) is None
    stored = await service.get(OTHER, theirs.id)
    assert stored.auto_debit is False and stored.auto_debit_account is None


async def test_auto_debit_is_set_and_cleared(service):
    debt = await save(service, draft("ad"))
    set_ = await service.set_auto_debit(ME, debt.id, "  招行 1234 ", uid())
    assert set_ is not None
    stored = await service.get(ME, debt.id)
    assert stored.auto_debit is True and stored.auto_debit_account == "招行 1234"
    await service.set_auto_debit(ME, debt.id, None, uid())
    stored = await service.get(ME, debt.id)
    assert stored.auto_debit is False and stored.auto_debit_account is None


# --- payments -----------------------------------------------------------------------------


async def test_the_same_payment_token_records_once(service, factory):
    debt = await save(service, draft("p", balance="1000"))
    first = await service.pay(ME, debt.id, Decimal(100), PAID_ON, "tap", uid())
    again = await service.pay(ME, debt.id, Decimal(100), PAID_ON, "tap", uid())
    assert first.created is True and again.created is False
    assert again.payment.id == first.payment.id
    assert (await service.get(ME, debt.id)).balance == Decimal(900)
    assert await count(factory, Payment) == 1


async def test_a_payment_covers_the_overdue_amount_first(service):
    d = draft("o", balance="5000", overdue=True, overdue_since="2026-11-10", overdue_amount="800")
    debt = await save(service, d)
    paid = await service.pay(ME, debt.id, Decimal(300), PAID_ON, "o1", uid())
    assert paid.payment.to_overdue == Decimal(300)
    stored = await service.get(ME, debt.id)
    assert (stored.balance, stored.overdue_amount) == (Decimal(4700), Decimal(500))
    assert stored.overdue_since == date(2026, 11, 10)  # still partly overdue

    paid = await service.pay(ME, debt.id, Decimal("600.50"), PAID_ON, "o2", uid())
    assert paid.payment.to_overdue == Decimal(500)
    stored = await service.get(ME, debt.id)
    assert (stored.balance, stored.overdue_amount) == (Decimal("4099.50"), Decimal(0))
    assert stored.overdue_since is None
    assert stored.status == "active" and not paid.paid_off
    stored_payments = await service.payments(ME, debt.id)
    assert sorted(p.to_overdue for p in stored_payments) == [Decimal(300), Decimal(500)]


async def test_paying_more_than_the_balance_pays_it_off_and_hides_it(service):
    debt = await save(service, draft("po", balance="500.50", overdue=True, overdue_amount="100",
                                     overdue_since="2026-11-01"))
    other = await save(service, draft("keep", lender="Visa"))
    paid = await service.pay(ME, debt.id, Decimal(600), PAID_ON, "all", uid())
    assert paid.paid_off is True
    stored = await service.get(ME, debt.id)
    assert (stored.balance, stored.status) == (Decimal(0), "paid_off")
    assert (stored.overdue_amount, stored.overdue_since) == (Decimal(0), None)
    assert [d.id for d in await service.list(ME)] == [other.id]
    assert await service.find(ME, "花呗") == []
    # Still there for the record, and its payment kept the amount actually paid.
    [payment] = await service.payments(ME, debt.id)
    assert payment.amount == Decimal(600)
    # A repeated tap after it was paid off still reports it paid off.
    again = await service.pay(ME, debt.id, Decimal(600), PAID_ON, "all", uid())
    assert again.created is False and again.paid_off is True


async def test_payments_are_listed_newest_first(service):
    debt = await save(service, draft("n", balance="1000"))
    await service.pay(ME, debt.id, Decimal(1), date(2026, 11, 1), "a", uid())
    await service.pay(ME, debt.id, Decimal(2), date(2026, 11, 20), "b", uid())
    await service.pay(ME, debt.id, Decimal(3), date(2026, 11, 20), "c", uid())
    assert [p.client_token for p in await service.payments(ME, debt.id)] == ["c", "b", "a"]


# --- find ---------------------------------------------------------------------------------


async def test_find_matches_the_exact_name_first_then_a_substring(service):
    card = await save(service, draft("1", lender="招商银行信用卡"))
    visa = await save(service, draft("2", lender="Visa"))
    visa_gold = await save(service, draft("3", lender="Visa Gold"))
    assert [d.id for d in await service.find(ME, "visa")] == [visa.id]
    assert [d.id for d in await service.find(ME, "  VISA ")] == [visa.id]
    assert [d.id for d in await service.find(ME, "vis")] == [visa.id, visa_gold.id]
    assert [d.id for d in await service.find(ME, "gold")] == [visa_gold.id]
    assert [d.id for d in await service.find(ME, "信用卡")] == [card.id]
    assert await service.find(ME, "花呗") == []
    assert await service.find(ME, "") == []


# --- erasure ------------------------------------------------------------------------------


async def test_erasing_a_user_removes_their_debts_and_payments_only(service, factory):
    mine = await save(service, draft("m"), ME)
    theirs = await save(service, draft("t"), OTHER)
    await service.pay(ME, mine.id, Decimal(10), PAID_ON, "pm", uid())
    await service.pay(OTHER, theirs.id, Decimal(20), PAID_ON, "pt", uid())
    async with factory() as s:
        counts = await erase_user(s, ME)
        await s.commit()
    assert counts["debts"] == 1 and counts["payments"] == 1
    assert await service.list(ME) == []
    assert await service.payments(ME, mine.id) == []
    assert [d.id for d in await service.list(OTHER)] == [theirs.id]
    assert [p.amount for p in await service.payments(OTHER, theirs.id)] == [Decimal(20)]
    assert await count(factory, Debt) == 1 and await count(factory, Payment) == 1
