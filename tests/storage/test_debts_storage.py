"""Debts and payments, on SQLite and on PostgreSQL: exact money, scoped by user, saved once.

Saves and payments go through the services' own Save steps (tests/factories.py), in one
transaction each, as an update would; reads go through the repositories.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from bot.services.debts import Saved
from bot.services.payments import Recorded
from coach.debt_names import find_debts
from coach.debts import DebtDraft, minimum_to_dict, quoted_to_dict
from coach.parsing.minimum import MinimumRule
from coach.rates import QuotedRate, RateKind
from coach.records import Debt
from storage.db import make_engine, make_session_factory
from storage.debts import DebtRepository, PaymentRepository
from storage.models import Debt as DebtRow
from storage.models import Payment as PaymentRow
from storage.repositories import erase_user
from tests.factories import NOW, Look, add_user, draft, pay, save_debt, services_for

ME, OTHER = 42, 43
PAID_ON = date(2026, 11, 28)


@pytest.fixture
async def factory(db_url):
    engine = make_engine(db_url)
    factory = make_session_factory(engine)
    for uid in (ME, OTHER):
        await add_user(factory, uid)
    yield factory
    await engine.dispose()


@pytest.fixture
def services(factory, clock):
    return services_for(factory, clock)


@pytest.fixture
def look(factory) -> Look:
    return Look(factory)


async def save(services, d: DebtDraft, user: int = ME) -> Debt:
    saved = await save_debt(services, user, d)
    assert isinstance(saved, Saved) and saved.created
    return saved.debt


async def paid(services, user, debt_id, amount, token, paid_on=PAID_ON) -> Recorded:
    view = await pay(services, user, debt_id, amount, paid_on, token)
    assert isinstance(view, Recorded), view
    return view


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
async def test_a_balance_round_trips_exactly(services, look, balance, shown):
    debt = await save(services, draft("t1", balance=balance))
    stored = await look.debt(ME, debt.id)
    assert stored is not None
    assert stored.balance == Decimal(balance)
    assert isinstance(stored.balance, Decimal)
    assert str(stored.balance) == shown


async def test_every_field_of_a_full_draft_is_stored(services, look):
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
    debt = await save(services, d)
    stored = await look.debt(ME, debt.id)
    assert stored is not None
    assert (stored.lender, stored.lender_type.value, stored.status) == ("招商银行信用卡", "credit_card", "active")
    assert (stored.taken_on, stored.taken_precision) == (date(2026, 11, 20), "day")
    assert stored.balance == Decimal("12000.50")
    assert stored.quote is not None
    assert (stored.quote.kind, stored.quote.rate, stored.apr) == (RateKind.ANNUAL, Decimal("0.18"), Decimal("0.18"))
    assert stored.rate_text == "年化18%"
    assert stored.minimum == MinimumRule("percent", None, Decimal("0.1"), Decimal(50))
    assert (stored.due_day, stored.next_due) == (10, date(2026, 12, 10))
    assert (stored.overdue_since, stored.overdue_amount) == (date(2026, 11, 10), Decimal("800.25"))
    assert stored.penalty_apr == Decimal("0.1825")  # 0.05% a day x 365
    assert (stored.bureau, stored.purpose) == ("yes", "repay")
    assert stored.created_at == NOW
    # And back into a draft for editing, unchanged where it matters.
    again = stored.draft()
    assert (again.edit_id, again.balance, again.overdue_amount) == (debt.id, "12000.50", "800.25")
    cost = again.cost()
    assert cost is not None and cost.apr == Decimal("0.18")


async def test_an_instalment_plan_stores_its_apr_and_its_payment_as_the_minimum(services, look):
    rate = quoted_to_dict(QuotedRate(RateKind.INSTALMENTS, instalments=12, payment=Decimal(1060)))
    debt = await save(services, draft("inst", balance="12000", rate=rate, rate_text="12x1060"))
    stored = await look.debt(ME, debt.id)
    assert stored.quote.kind is RateKind.INSTALMENTS and stored.quote.instalments == 12
    assert stored.quote.payment == Decimal(1060)
    assert stored.apr.quantize(Decimal("0.0001")) == Decimal("0.1090")  # rates.md vector
    assert stored.minimum == MinimumRule("fixed", Decimal(1060))


async def test_a_draft_not_overdue_stores_no_overdue_amount(services, look):
    d = draft("n", overdue=False, overdue_amount="300", overdue_since="2026-11-01")
    stored = await look.debt(ME, (await save(services, d)).id)
    assert stored.overdue_amount == Decimal(0) and stored.overdue_since is None


async def test_balances_after_payments_stay_exact(services, look):
    debt = await save(services, draft("p", balance="5000.50"))
    for i, amount in enumerate(["0.01", "1000.10", "33.33"]):
        assert (await paid(services, ME, debt.id, amount, f"pay-{i}")).created
    stored = await look.debt(ME, debt.id)
    # 5000.50 - 0.01 - 1000.10 - 33.33 = 3967.06
    assert stored.balance == Decimal("3967.06") and str(stored.balance) == "3967.06"
    payments = await look.payments(ME, debt.id)
    assert sorted(p.amount for p in payments) == [Decimal("0.01"), Decimal("33.33"), Decimal("1000.10")]
    assert sum((p.amount for p in payments), Decimal(0)) + stored.balance == Decimal("5000.50")


async def test_a_large_balance_paid_in_cents_stays_exact(services, look):
    debt = await save(services, draft("big", balance="123456789.99"))
    await paid(services, ME, debt.id, "0.99", "c")
    assert str((await look.debt(ME, debt.id)).balance) == "123456789.00"


# --- saving once --------------------------------------------------------------------------


async def test_the_same_draft_token_saves_once(services, look):
    first = await save_debt(services, ME, draft("once"))
    second = await save_debt(services, ME, draft("once", balance="9999"))
    assert isinstance(first, Saved) and first.created is True
    assert isinstance(second, Saved) and second.created is False
    assert second.debt.id == first.debt.id and second.debt.balance == Decimal(5000)
    assert await look.count(DebtRow) == 1
    assert len(await look.debts(ME)) == 1


async def test_two_users_may_use_the_same_draft_token(services, look):
    mine = await save(services, draft("same"), ME)
    theirs = await save(services, draft("same"), OTHER)
    assert mine.id != theirs.id
    assert await look.count(DebtRow) == 2


async def test_saving_an_edit_updates_the_debt_in_place(services, look):
    debt = await save(services, draft("e"))
    stored = await look.debt(ME, debt.id)
    edited = DebtDraft.from_dict({**stored.draft().to_dict(), "balance": "4200.10", "token": "edit1"})
    saved = await save_debt(services, ME, edited)
    assert isinstance(saved, Saved) and saved.debt.id == debt.id and saved.edited
    assert (await look.debt(ME, debt.id)).balance == Decimal("4200.10")
    assert await look.count(DebtRow) == 1


async def test_an_edit_of_someone_elses_debt_saves_nothing(services, look):
    theirs = await save(services, draft("x"), OTHER)
    edit = DebtDraft(token="mine", lender="hijack", balance="1", mode="edit", edit_id=theirs.id)
    view = await save_debt(services, ME, edit)
    assert not isinstance(view, Saved)
    assert (await look.debt(OTHER, theirs.id)).lender == "花呗"
    assert await look.debts(ME) == []


# --- scoped by user -------------------------------------------------------------------------


async def test_another_users_id_finds_nothing(services, look):
    theirs = await save(services, draft("x", lender="Visa"), OTHER)
    await paid(services, OTHER, theirs.id, 100, "their-pay")
    assert await look.debt(ME, theirs.id) is None
    assert await look.debts(ME) == []
    assert find_debts(await look.debts(ME), "Visa") == []
    assert await look.payments(ME, theirs.id) == []
    assert [d.id for d in await look.debts(OTHER)] == [theirs.id]


async def test_the_repositories_scope_every_query_by_user(factory, services):
    theirs = await save(services, draft("tok", lender="Visa"), OTHER)
    await paid(services, OTHER, theirs.id, 100, "ptok")
    async with factory() as s:
        debts, payments = DebtRepository(s), PaymentRepository(s)
        assert await debts.get(ME, theirs.id) is None
        assert await debts.by_token(ME, "tok") is None
        assert await debts.list(ME, include_paid=True) == []
        assert await payments.by_token(ME, "ptok") is None
        assert await payments.for_debt(ME, theirs.id) == []
        assert await debts.update(ME, theirs.id, NOW, muted=True) is None
        assert await debts.delete(ME, theirs.id) is None
        assert (await debts.by_token(OTHER, "tok")).id == theirs.id
        assert [p.token for p in await payments.for_debt(OTHER, theirs.id)] == ["ptok"]


async def test_deleting_someone_elses_debt_finds_nothing_and_keeps_it(services, look):
    theirs = await save(services, draft("x"), OTHER)
    async with services.uow.transaction():
        gone = await services.debts.delete(ME, theirs.id)
    assert not hasattr(gone, "debt")
    assert await look.debt(OTHER, theirs.id) is not None


async def test_deleting_my_debt_removes_it_and_its_payments(services, look):
    debt = await save(services, draft("d"))
    await paid(services, ME, debt.id, 10, "pd")
    async with services.uow.transaction():
        gone = await services.debts.delete(ME, debt.id)
    assert gone.debt.id == debt.id
    assert await look.debt(ME, debt.id) is None
    assert await look.count(PaymentRow) == 0


async def test_paying_someone_elses_debt_records_nothing(services, look):
    theirs = await save(services, draft("x", balance="800"), OTHER)
    view = await pay(services, ME, theirs.id, 100, PAID_ON, "sneaky")
    assert not isinstance(view, Recorded)
    assert (await look.debt(OTHER, theirs.id)).balance == Decimal(800)
    assert await look.count(PaymentRow) == 0


async def test_auto_debit_is_set_and_cleared_only_on_my_debts(services, look):
    theirs = await save(services, draft("x"), OTHER)
    debt = await save(services, draft("ad"))
    async with services.uow.transaction():
        await services.debts.ask_account(ME, theirs.id)  # not mine: nothing is asked
        step = await services.debts.ask_account(ME, debt.id)
        assert step.next == "account"
        await services.debts.set_account(ME, "  招行 1234 ")
    stored = await look.debt(ME, debt.id)
    assert stored.auto_debit is True and stored.auto_debit_account == "招行 1234"
    assert (await look.debt(OTHER, theirs.id)).auto_debit is False
    async with services.uow.transaction():
        await services.debts.auto_debit_off(ME, debt.id)
    stored = await look.debt(ME, debt.id)
    assert stored.auto_debit is False and stored.auto_debit_account is None


# --- payments -----------------------------------------------------------------------------


async def test_the_same_payment_token_records_once(services, look):
    debt = await save(services, draft("p", balance="1000"))
    first = await paid(services, ME, debt.id, 100, "tap")
    again = await paid(services, ME, debt.id, 100, "tap")
    assert first.created is True and again.created is False
    assert again.payment.id == first.payment.id
    assert (await look.debt(ME, debt.id)).balance == Decimal(900)
    assert await look.count(PaymentRow) == 1


async def arrears(services, debt_id: int) -> tuple[Decimal, date | None]:
    """What the card says is overdue now (the billing state's replay), and since when."""
    card = await services.debts.card(ME, debt_id)
    return card.billing.arrears.unpaid, card.billing.arrears.since


async def test_a_payment_covers_the_overdue_amount_first(services, look):
    # Stated: 800 overdue since Nov 10. The stored arrears stay as stated (issue 10): the
    # payments are replayed against them, arrears first.
    d = draft("o", balance="5000", overdue=True, overdue_since="2026-11-10", overdue_amount="800")
    debt = await save(services, d)
    first = await paid(services, ME, debt.id, 300, "o1")
    assert first.payment.to_overdue == Decimal(300)  # 300 < 800: all of it to arrears
    stored = await look.debt(ME, debt.id)
    assert (stored.balance, stored.overdue_amount) == (Decimal(4700), Decimal(800))
    assert await arrears(services, debt.id) == (Decimal(500), date(2026, 11, 10))  # 800 - 300

    second = await paid(services, ME, debt.id, "600.50", "o2")
    assert second.payment.to_overdue == Decimal(500)  # the 500 left; 100.50 to the balance
    stored = await look.debt(ME, debt.id)
    assert (stored.balance, stored.overdue_amount) == (Decimal("4099.50"), Decimal(800))
    assert await arrears(services, debt.id) == (Decimal(0), None)
    assert stored.status == "active" and not second.paid_off
    assert sorted(p.to_overdue for p in await look.payments(ME, debt.id)) == [Decimal(300), Decimal(500)]


async def test_paying_more_than_the_balance_pays_it_off_and_hides_it(services, look):
    debt = await save(services, draft("po", balance="500.50", overdue=True, overdue_amount="100",
                                      overdue_since="2026-11-01"))
    other = await save(services, draft("keep", lender="Visa"))
    done = await paid(services, ME, debt.id, 600, "all")
    assert done.paid_off is True
    stored = await look.debt(ME, debt.id)
    assert (stored.balance, stored.status) == (Decimal(0), "paid_off")
    assert (await services.debts.card(ME, debt.id)).billing.arrears.unpaid == 0
    assert [d.id for d in await look.debts(ME)] == [other.id]
    assert find_debts(await look.debts(ME), "花呗") == []
    # Still there for the record, and its payment kept the amount actually paid.
    [payment] = await look.payments(ME, debt.id)
    assert payment.amount == Decimal(600)
    # A repeated tap after it was paid off still reports it paid off.
    again = await paid(services, ME, debt.id, 600, "all")
    assert again.created is False and again.paid_off is True


async def test_payments_are_listed_newest_first(services, look):
    debt = await save(services, draft("n", balance="1000"))
    await paid(services, ME, debt.id, 1, "a", date(2026, 11, 1))
    await paid(services, ME, debt.id, 2, "b", date(2026, 11, 20))
    await paid(services, ME, debt.id, 3, "c", date(2026, 11, 20))
    assert [p.token for p in await look.payments(ME, debt.id)] == ["c", "b", "a"]


# --- find ---------------------------------------------------------------------------------


async def test_find_matches_the_exact_name_first_then_a_substring(services, look):
    card = await save(services, draft("1", lender="招商银行信用卡"))
    visa = await save(services, draft("2", lender="Visa"))
    visa_gold = await save(services, draft("3", lender="Visa Gold"))
    debts = await look.debts(ME)
    assert [d.id for d in find_debts(debts, "visa")] == [visa.id]
    assert [d.id for d in find_debts(debts, "  VISA ")] == [visa.id]
    assert [d.id for d in find_debts(debts, "vis")] == [visa.id, visa_gold.id]
    assert [d.id for d in find_debts(debts, "gold")] == [visa_gold.id]
    assert [d.id for d in find_debts(debts, "信用卡")] == [card.id]
    assert find_debts(debts, "花呗") == []
    assert find_debts(debts, "") == []


# --- erasure ------------------------------------------------------------------------------


async def test_erasing_a_user_removes_their_debts_and_payments_only(services, factory, look):
    mine = await save(services, draft("m"), ME)
    theirs = await save(services, draft("t"), OTHER)
    await paid(services, ME, mine.id, 10, "pm")
    await paid(services, OTHER, theirs.id, 20, "pt")
    async with factory() as s:
        counts = await erase_user(s, ME)
        await s.commit()
    assert counts["debts"] == 1 and counts["payments"] == 1
    assert await look.debts(ME) == []
    assert await look.payments(ME, mine.id) == []
    assert [d.id for d in await look.debts(OTHER)] == [theirs.id]
    assert [p.amount for p in await look.payments(OTHER, theirs.id)] == [Decimal(20)]
    assert await look.count(DebtRow) == 1 and await look.count(PaymentRow) == 1


async def test_editing_the_overdue_answers_restates_them_and_other_edits_do_not(services, look,
                                                                                clock):
    d = draft("rs", balance="5000", overdue=True, overdue_since="2026-11-10", overdue_amount="800")
    debt = await save(services, d)
    await paid(services, ME, debt.id, 300, "r1")
    assert await arrears(services, debt.id) == (Decimal(500), date(2026, 11, 10))  # 800 - 300
    # Editing another field (the balance) keeps the statement: still 500 overdue.
    clock.advance(timedelta(hours=1))
    stored = await look.debt(ME, debt.id)
    await save_debt(services, ME, replace(stored.draft(), balance="4600", token="e1"))
    assert (await look.debt(ME, debt.id)).stated_at == NOW
    assert await arrears(services, debt.id) == (Decimal(500), date(2026, 11, 10))
    # Answering the overdue questions again is a new statement, made now: the payment
    # before it is already in it, so 650 is what is overdue (not 650 - 300).
    clock.advance(timedelta(hours=1))
    stored = await look.debt(ME, debt.id)
    await save_debt(services, ME, replace(stored.draft(), overdue_amount="650", token="e2"))
    after = await look.debt(ME, debt.id)
    assert after.stated_at == NOW + timedelta(hours=2)
    assert await arrears(services, debt.id) == (Decimal(650), date(2026, 11, 10))


async def test_card_digits_and_an_up_front_fee_are_kept_and_edited_back(services, look):
    # 12 x 1,000 repaying the 9,000 that arrived of 10,000 borrowed: APR 56.75% (IRR x 12).
    quote = QuotedRate(RateKind.INSTALMENTS, instalments=12, payment=Decimal(1000))
    d = draft("up", lender="小贷", balance="12000", lender_type="microloan",
              rate=quoted_to_dict(quote), principal="10000", received="9000", last4="1234")
    debt = await save(services, d)
    [stored] = await look.debts(ME)
    assert (stored.last4, stored.principal, stored.received) == (
        "1234", Decimal("10000.00"), Decimal("9000.00"))
    assert stored.balance == Decimal("12000.00") and round(stored.apr, 4) == Decimal("0.5675")
    cost = stored.cost()
    assert cost is not None and round(cost.apr, 4) == Decimal("0.5675")
    again = stored.draft()
    assert (again.principal, again.received, again.last4) == ("10000.00", "9000.00", "1234")
    assert debt.id == stored.id


async def test_a_private_loan_given_a_date_is_one_off_and_a_card_keeps_its_day(services, look):
    await save(services, draft("p", lender="老王", lender_type="private", due_on="2027-03-10",
                               due_day=10))
    await save(services, draft("c", lender="Visa", lender_type="credit_card",
                               due_on="2027-03-10", due_day=10))
    private, card = await look.debts(ME)
    assert (private.due_day, private.next_due) == (None, date(2027, 3, 10))
    assert private.next_due_on(date(2026, 11, 28)) == date(2027, 3, 10)
    assert card.due_day == 10 and card.next_due_on(date(2026, 11, 28)) == date(2026, 12, 10)
